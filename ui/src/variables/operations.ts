/** The variables pages' GraphQL documents (typed by codegen). */
import { graphql } from "../gql";

export const VariableRowFragment = graphql(`
  fragment VariableRow on Variable {
    id
    name
    value
    tags
    created
    updated
  }
`);

export const VariablesQuery = graphql(`
  query Variables($first: Int!, $filter: VariableFilter) {
    variables(first: $first, filter: $filter) {
      totalCount
      edges {
        node {
          ...VariableRow
        }
      }
    }
  }
`);

export const VariableQuery = graphql(`
  query Variable($name: String!) {
    variable(name: $name) {
      ...VariableRow
    }
  }
`);

export const CreateVariableMutation = graphql(`
  mutation CreateVariable($input: CreateVariableInput!) {
    createVariable(input: $input) {
      variable {
        ...VariableRow
      }
      errors {
        code
        message
        field
      }
    }
  }
`);

export const UpdateVariableMutation = graphql(`
  mutation UpdateVariable($input: UpdateVariableInput!) {
    updateVariable(input: $input) {
      variable {
        ...VariableRow
      }
      errors {
        code
        message
        field
      }
    }
  }
`);

export const DeleteVariableMutation = graphql(`
  mutation DeleteVariable($input: DeleteVariableInput!) {
    deleteVariable(input: $input) {
      deletedId
      errors {
        code
        message
        field
      }
    }
  }
`);
