export {
  EntityOperationsLoader,
  MissingFunctionAnnotation,
  OperationsState,
} from './EntityOperationsLoader';
