/** The flows pages' GraphQL documents (typed by codegen). */
import { graphql } from "../gql";

export const FlowRunSummaryFragment = graphql(`
  fragment FlowRunSummary on FlowRun {
    id
    name
    stateType
    stateName
    expectedStartTime
    startTime
    endTime
    totalRunTime
    tags
  }
`);

export const FlowsQuery = graphql(`
  query Flows($first: Int!, $filter: FlowFilter, $recent: Int!) {
    flows(first: $first, filter: $filter) {
      totalCount
      edges {
        node {
          id
          name
          tags
          created
          flowRuns(first: $recent) {
            totalCount
            edges {
              node {
                ...FlowRunSummary
              }
            }
          }
        }
      }
    }
  }
`);

export const FlowQuery = graphql(`
  query Flow($id: UUID!, $first: Int!) {
    flow(id: $id) {
      id
      name
      description
      tags
      version
      created
      updated
      parameterSchema
      flowRuns(first: $first) {
        totalCount
        edges {
          node {
            ...FlowRunSummary
          }
        }
      }
      completed: flowRuns(first: 0, filter: { state: { type: { any: [COMPLETED] } } }) {
        totalCount
      }
      failed: flowRuns(first: 0, filter: { state: { type: { any: [FAILED, CRASHED] } } }) {
        totalCount
      }
      running: flowRuns(first: 0, filter: { state: { type: { any: [RUNNING, PENDING, CANCELLING] } } }) {
        totalCount
      }
      scheduled: flowRuns(first: 0, filter: { state: { type: { any: [SCHEDULED, PAUSED] } } }) {
        totalCount
      }
    }
  }
`);
