/** The blocks pages' GraphQL documents. */
import { graphql } from "../gql";

export const BlockTypeCardFragment = graphql(`
  fragment BlockTypeCard on BlockType {
    id
    slug
    name
    description
    logoUrl
    documentationUrl
    codeExample
    updated
  }
`);

export const BlockDocumentRowFragment = graphql(`
  fragment BlockDocumentRow on BlockDocument {
    id
    name
    updated
    blockTypeSlug
    blockTypeName
  }
`);

export const BlockCatalogQuery = graphql(`
  query BlockCatalog {
    blockTypes(first: 200) {
      ...BlockTypeCard
    }
    blockDocuments(first: 200) {
      totalCount
      edges {
        node {
          ...BlockDocumentRow
        }
      }
    }
  }
`);

export const BlockTypePageQuery = graphql(`
  query BlockTypePage($slug: String!) {
    blockType(slug: $slug) {
      ...BlockTypeCard
    }
    blockSchemas(blockTypeSlug: $slug, first: 1) {
      id
      checksum
      version
      fields
    }
    blockDocuments(first: 200, filter: { blockTypeSlug: { any: [$slug] } }) {
      totalCount
      edges {
        node {
          ...BlockDocumentRow
        }
      }
    }
  }
`);

export const BlockDocumentPageQuery = graphql(`
  query BlockDocumentPage($id: UUID!) {
    blockDocument(id: $id) {
      id
      name
      created
      updated
      isAnonymous
      data
      references {
        field
        blockDocumentId
      }
      blockTypeSlug
      blockTypeName
      blockSchemaId
      blockSchemaChecksum
      blockSchema {
        id
        fields
        version
      }
      blockType {
        ...BlockTypeCard
      }
    }
  }
`);

export const SaveBlockDocumentMutation = graphql(`
  mutation SaveBlockDocument($input: SaveBlockDocumentInput!) {
    saveBlockDocument(input: $input) {
      created
      blockDocument {
        id
        name
      }
      errors {
        code
        message
        field
      }
    }
  }
`);

export const DeleteBlockDocumentMutation = graphql(`
  mutation DeleteBlockDocument($input: DeleteBlockDocumentInput!) {
    deleteBlockDocument(input: $input) {
      deletedId
      errors {
        code
        message
        field
      }
    }
  }
`);

/** Block documents and types change: refetch what is on screen. */
