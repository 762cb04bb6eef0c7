/** The events pages' GraphQL documents (typed by codegen). */
import { graphql } from "../gql";

export const EventRowFragment = graphql(`
  fragment EventRow on Event {
    id
    occurred
    received
    event
    resource
    related
    payload
    follows
    cursor
  }
`);

export const EventsPageQuery = graphql(`
  query EventsPage($first: Int!, $after: String, $filter: EventFilter) {
    events(first: $first, after: $after, filter: $filter, newestFirst: true) {
      totalCount
      pageInfo {
        hasNextPage
      }
      edges {
        node {
          ...EventRow
        }
      }
    }
  }
`);

export const EventsFeedSubscription = graphql(`
  subscription EventsFeed($filter: EventFilter, $after: String) {
    events(filter: $filter, after: $after) {
      endCursor
      moreHistory
      live
      edges {
        node {
          ...EventRow
        }
      }
    }
  }
`);

