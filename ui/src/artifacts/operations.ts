/** The artifacts pages' GraphQL documents (typed by codegen). */
import { graphql } from "../gql";

export const ArtifactRowFragment = graphql(`
  fragment ArtifactRow on Artifact {
    id
    key
    type
    description
    created
    updated
    flowRunId
    taskRunId
    flowRun {
      id
      name
    }
  }
`);

export const ArtifactListsQuery = graphql(`
  query ArtifactLists($filter: ArtifactFilter, $first: Int!) {
    latestArtifacts(first: $first, filter: $filter) {
      totalCount
      edges {
        node {
          ...ArtifactRow
        }
      }
    }
    artifacts(first: $first, filter: $filter) {
      totalCount
      edges {
        node {
          ...ArtifactRow
        }
      }
    }
  }
`);

export const ArtifactQuery = graphql(`
  query Artifact($id: UUID!) {
    artifact(id: $id) {
      ...ArtifactRow
      data
      taskRun {
        id
        name
      }
    }
  }
`);

export const ArtifactHistoryQuery = graphql(`
  query ArtifactHistory($key: String!, $first: Int!) {
    artifactHistory(key: $key, first: $first) {
      totalCount
      edges {
        node {
          ...ArtifactRow
        }
      }
    }
  }
`);

export const LatestArtifactQuery = graphql(`
  query LatestArtifact($key: String!) {
    latestArtifact(key: $key) {
      id
    }
  }
`);
