import { useTranslation } from 'react-i18next';
import type { BerthError } from '../../../preload/contract/errors';

/** A BerthError in the user's language (by code), with the engine's own words as detail. */
export function ErrorText({ error }: { error: BerthError }) {
  const { t } = useTranslation();
  return (
    <>
      <strong>{t(`errors.${error.code}`)}</strong> <span className="detail">{error.message}</span>
    </>
  );
}

/** The error of the last thing tried, as an alert (nothing when there is none). */
export function ErrorLine({ error }: { error: BerthError | undefined }) {
  if (!error) return null;
  return (
    <p className="error-text" role="alert">
      <ErrorText error={error} />
    </p>
  );
}
