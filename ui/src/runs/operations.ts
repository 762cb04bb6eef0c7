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
    flow {
      id
      name
    }
  }
`);

export const FlowRunsQuery = graphql(`
  query FlowRuns($first: Int!) {
    flowRuns(first: $first) {
      totalCount
      edges {
        node {
          ...FlowRunRow
        }
      }
    }
  }
`);

export const FlowRunUpdatesSubscription = graphql(`
  subscription FlowRunUpdates {
    flowRunUpdates(after: "HEAD") {
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
