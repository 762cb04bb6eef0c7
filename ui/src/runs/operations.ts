/** The flow runs page's GraphQL documents (typed by codegen, validated against schema.graphql). */
import { graphql } from "../gql";

export const FlowRunRowFragment = graphql(`
  fragment FlowRunRow on FlowRun {
    id
    name
    created
    updated
    expectedStartTime
    startTime
    endTime
    estimatedRunTime
    stateType
    stateName
    tags
    flow {
      id
      name
    }
  }
`);

export const FlowRunsQuery = graphql(`
  query FlowRuns($first: Int!, $after: String, $filter: FlowRunFilter, $orderBy: FlowRunSort!) {
    flowRuns(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...FlowRunRow
        }
      }
    }
  }
`);

export const FlowRunCountQuery = graphql(`
  query FlowRunCount($filter: FlowRunFilter) {
    flowRuns(first: 0, filter: $filter) {
      totalCount
    }
  }
`);

export const FlowOptionsQuery = graphql(`
  query FlowOptions {
    flows(first: 200, orderBy: NAME_ASC) {
      edges {
        node {
          id
          name
        }
      }
    }
  }
`);

export const FlowRunUpdatesSubscription = graphql(`
  subscription FlowRunUpdates($filter: FlowRunFilter, $after: String!) {
    flowRunUpdates(filter: $filter, after: $after) {
      endCursor
      live
      moreHistory
      deletedIds
      flowRuns {
        ...FlowRunRow
      }
    }
  }
`);
