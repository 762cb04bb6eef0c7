/** The run detail pages' GraphQL documents (typed by codegen, validated against schema.graphql). */
import { graphql } from "../gql";

export const RunResultFragment = graphql(`
  fragment RunResult on StateResult {
    storageKey
    serializer
    basepath
    expiration
    available
    value
    note
  }
`);

export const FlowRunHeaderFragment = graphql(`
  fragment FlowRunHeader on FlowRun {
    id
    name
    created
    updated
    flowId
    tags
    parameters
    runCount
    expectedStartTime
    startTime
    endTime
    estimatedRunTime
    stateType
    stateName
    parentFlowRunId
    parentTaskRunId
    flow {
      id
      name
    }
    state {
      id
      type
      name
      message
      timestamp
      result {
        ...RunResult
      }
    }
  }
`);

export const FlowRunQuery = graphql(`
  query FlowRunDetail($id: UUID!) {
    flowRun(id: $id) {
      ...FlowRunHeader
    }
  }
`);

export const FlowRunUpdatesForRun = graphql(`
  subscription FlowRunDetailUpdates($filter: FlowRunFilter!) {
    flowRunUpdates(filter: $filter, after: "HEAD") {
      endCursor
      live
      moreHistory
      deletedIds
      flowRuns {
        ...FlowRunHeader
      }
    }
  }
`);

export const TaskRunRowFragment = graphql(`
  fragment TaskRunRow on TaskRun {
    id
    name
    updated
    taskKey
    expectedStartTime
    startTime
    endTime
    totalRunTime
    stateType
    stateName
  }
`);

export const TaskRunsPageQuery = graphql(`
  query FlowRunTaskRuns($id: UUID!, $first: Int!, $after: String) {
    flowRun(id: $id) {
      id
      taskRuns(first: $first, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            ...TaskRunRow
          }
        }
      }
    }
  }
`);

export const SubflowRunsQuery = graphql(`
  query FlowRunSubflows($id: UUID!) {
    flowRun(id: $id) {
      id
      subflowRuns(first: 200) {
        totalCount
        edges {
          node {
            id
            name
            parentTaskRunId
            stateType
            stateName
          }
        }
      }
    }
  }
`);

export const TaskRunUpdatesSubscription = graphql(`
  subscription FlowRunTaskRunUpdates($flowRunId: UUID!, $after: String!) {
    taskRunUpdates(flowRunId: $flowRunId, after: $after) {
      endCursor
      live
      moreHistory
      taskRuns {
        ...TaskRunRow
      }
    }
  }
`);

export const LogLineFragment = graphql(`
  fragment LogLine on Log {
    id
    taskRunId
    name
    level
    levelName
    message
    timestamp
  }
`);

export const LogsSubscription = graphql(`
  subscription FlowRunLogs($flowRunId: UUID!, $taskRunId: UUID, $after: String) {
    logs(flowRunId: $flowRunId, taskRunId: $taskRunId, after: $after) {
      endCursor
      live
      moreHistory
      logs {
        ...LogLine
      }
    }
  }
`);

export const StateLineFragment = graphql(`
  fragment StateLine on State {
    id
    type
    name
    message
    timestamp
  }
`);

export const FlowRunStatesQuery = graphql(`
  query FlowRunStates($id: UUID!) {
    flowRun(id: $id) {
      id
      stateHistory(first: 200) {
        totalCount
        edges {
          node {
            ...StateLine
          }
        }
      }
    }
  }
`);

export const FlowRunArtifactsQuery = graphql(`
  query FlowRunArtifacts($id: UUID!) {
    flowRun(id: $id) {
      id
      artifacts(first: 100) {
        totalCount
        edges {
          node {
            id
            key
            type
            description
            created
            taskRunId
          }
        }
      }
    }
  }
`);

export const CancelFlowRunMutation = graphql(`
  mutation CancelFlowRun($input: SetFlowRunStateInput!) {
    setFlowRunState(input: $input) {
      status
      reason
      errors {
        code
        message
        field
      }
      flowRun {
        ...FlowRunHeader
      }
    }
  }
`);

export const DeleteFlowRunMutation = graphql(`
  mutation DeleteFlowRun($input: DeleteInput!) {
    deleteFlowRun(input: $input) {
      deletedId
      errors {
        code
        message
        field
      }
    }
  }
`);

export const TaskRunDetailFragment = graphql(`
  fragment TaskRunDetail on TaskRun {
    id
    name
    created
    updated
    taskKey
    dynamicKey
    tags
    runCount
    cacheKey
    cacheExpiration
    taskInputs
    expectedStartTime
    startTime
    endTime
    totalRunTime
    stateType
    stateName
    flowRunId
    flowRun {
      id
      name
    }
    subflowRun {
      id
      name
    }
    state {
      id
      type
      name
      message
      timestamp
      details
      result {
        ...RunResult
      }
    }
    stateHistory(first: 200) {
      edges {
        node {
          ...StateLine
        }
      }
    }
  }
`);

export const TaskRunQuery = graphql(`
  query TaskRunDetail($id: UUID!) {
    taskRun(id: $id) {
      ...TaskRunDetail
    }
  }
`);

export const LogsNewestQuery = graphql(`
  query FlowRunLogsNewest($filter: LogFilter!, $first: Int!) {
    logs(filter: $filter, first: $first, orderBy: TIMESTAMP_DESC) {
      edges {
        node {
          ...LogLine
        }
      }
    }
  }
`);
