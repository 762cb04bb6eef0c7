/** SchemaForm's lookups: documents a block field may refer to, variables a field may name. */
import { graphql } from "../gql";

export const BlockDocumentOptionsQuery = graphql(`
  query SchemaFormBlockDocuments($slug: String!) {
    blockDocuments(first: 200, filter: { blockTypeSlug: { any: [$slug] }, isAnonymous: null }) {
      edges {
        node {
          id
          name
          isAnonymous
          data
        }
      }
    }
  }
`);

export const VariableOptionsQuery = graphql(`
  query SchemaFormVariables {
    variables(first: 200) {
      edges {
        node {
          id
          name
        }
      }
    }
  }
`);
