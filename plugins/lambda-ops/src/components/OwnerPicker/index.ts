export { OwnerPicker } from './OwnerPicker';
export { useOwnersParam } from './useOwnersParam';
