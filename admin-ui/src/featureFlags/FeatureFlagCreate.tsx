import { Create } from 'react-admin';
import { FeatureFlagForm } from './FeatureFlagForm';

const NEW_FLAG = { name: '', description: '', default: false, rollout_percentage: 0 };

/** Defines a flag; code reading it sees its value from then on. */
export function FeatureFlagCreate() {
  return (
    <Create redirect="list" record={NEW_FLAG}>
      <FeatureFlagForm creating />
    </Create>
  );
}
