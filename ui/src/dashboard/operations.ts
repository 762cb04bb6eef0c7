/** The dashboard's GraphQL documents. */
import { graphql } from "../gql";

export const RunHistoryQuery = graphql(`
  query RunHistory($since: DateTime!, $until: DateTime!, $intervalSeconds: Float!) {
    eventCounts(
      since: $since
      until: $until
      intervalSeconds: $intervalSeconds
      filter: { eventPrefix: ["flowql.flow-run."] }
      countBy: STATE_TYPE
    ) {
      start
      end
      counts {
        key
        count
      }
    }
  }
`);

export const StateCountsQuery = graphql(`
  query StateCounts($since: DateTime!) {
    flowRuns: flowRuns(first: 0, filter: { expectedStartTime: { after: $since } }) {
      totalCount
    }
    flowScheduled: flowRuns(first: 0, filter: { expectedStartTime: { after: $since }, state: { type: { any: [SCHEDULED] } } }) {
      totalCount
    }
    flowPending: flowRuns(first: 0, filter: { expectedStartTime: { after: $since }, state: { type: { any: [PENDING, PAUSED] } } }) {
      totalCount
    }
    flowRunning: flowRuns(first: 0, filter: { expectedStartTime: { after: $since }, state: { type: { any: [RUNNING, CANCELLING] } } }) {
      totalCount
    }
    flowCompleted: flowRuns(first: 0, filter: { expectedStartTime: { after: $since }, state: { type: { any: [COMPLETED] } } }) {
      totalCount
    }
    flowFailed: flowRuns(first: 0, filter: { expectedStartTime: { after: $since }, state: { type: { any: [FAILED, CRASHED] } } }) {
      totalCount
    }
    flowCancelled: flowRuns(first: 0, filter: { expectedStartTime: { after: $since }, state: { type: { any: [CANCELLED] } } }) {
      totalCount
    }
    taskRuns: taskRuns(first: 0, filter: { expectedStartTime: { after: $since } }) {
      totalCount
    }
    taskScheduled: taskRuns(first: 0, filter: { expectedStartTime: { after: $since }, state: { type: { any: [SCHEDULED] } } }) {
      totalCount
    }
    taskPending: taskRuns(first: 0, filter: { expectedStartTime: { after: $since }, state: { type: { any: [PENDING, PAUSED] } } }) {
      totalCount
    }
    taskRunning: taskRuns(first: 0, filter: { expectedStartTime: { after: $since }, state: { type: { any: [RUNNING, CANCELLING] } } }) {
      totalCount
    }
    taskCompleted: taskRuns(first: 0, filter: { expectedStartTime: { after: $since }, state: { type: { any: [COMPLETED] } } }) {
      totalCount
    }
    taskFailed: taskRuns(first: 0, filter: { expectedStartTime: { after: $since }, state: { type: { any: [FAILED, CRASHED] } } }) {
      totalCount
    }
    taskCancelled: taskRuns(first: 0, filter: { expectedStartTime: { after: $since }, state: { type: { any: [CANCELLED] } } }) {
      totalCount
    }
  }
`);

export const DashboardRunsFragment = graphql(`
  fragment DashboardRun on FlowRun {
    id
    name
    stateType
    stateName
    expectedStartTime
    startTime
    endTime
    updated
    flow {
      id
      name
    }
  }
`);

export const AttentionRunsQuery = graphql(`
  query AttentionRuns($since: DateTime!, $lateBefore: DateTime!) {
    failures: flowRuns(
      first: 6
      filter: { state: { type: { any: [FAILED, CRASHED] } }, expectedStartTime: { after: $since } }
      orderBy: END_TIME_DESC
    ) {
      totalCount
      edges {
        node {
          ...DashboardRun
        }
      }
    }
    late: flowRuns(
      first: 6
      filter: { state: { type: { any: [SCHEDULED] } }, expectedStartTime: { before: $lateBefore } }
      orderBy: EXPECTED_START_TIME_ASC
    ) {
      totalCount
      edges {
        node {
          ...DashboardRun
        }
      }
    }
  }
`);

export const DashboardPulseSubscription = graphql(`
  subscription DashboardPulse {
    flowRunUpdates(after: "HEAD") {
      endCursor
      live
      deletedIds
      flowRuns {
        id
      }
    }
  }
`);
