import { useParams } from 'react-router-dom';
import { IndexSetEditorPage } from '../../features/index-sets/components/index-set-editor';

/** One index-set version: the editor for a draft, a read-only view once published. */
export function IndexSetEditorRoute() {
  const { id = '' } = useParams();
  return <IndexSetEditorPage id={id} />;
}
