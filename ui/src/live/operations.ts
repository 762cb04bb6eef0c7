/** The live layer's own GraphQL documents. */
import { graphql } from "../gql";

export const EventsChangedSubscription = graphql(`
  subscription EventsChanged($filter: EventFilter) {
    events(filter: $filter, after: "HEAD") {
      endCursor
      moreHistory
      live
      edges {
        cursor
      }
    }
  }
`);
