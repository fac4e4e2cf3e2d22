import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImageSearchResult } from '../../../preload/contract/images.contract';
import type { RegistriesInfo } from '../../../preload/contract/registries.contract';
import { type BerthError, asBerthError } from '../../../preload/contract/errors';
import { api } from '../api';
import { CommandHint } from '../components/CommandHint';
import { imageCommands } from '../lib/images-commands';
import { ErrorLine } from '../components/ErrorText';
import { Field } from './ImageDialogs';
import { Modal } from '../components/Modal';

/**
 * Accounts from the docker CLI's config.json (never a secret shown), log in
 * (the password goes to main once and is not kept here), log out, and browse
 * a registry's repositories and tags through its /v2/ API.
 */
export function RegistriesDialog({ onClose, onPull }: { onClose(): void; onPull(ref: string): void }) {
  const { t } = useTranslation();
  const [info, setInfo] = useState<RegistriesInfo>();
  const [listError, setListError] = useState<BerthError>();
  const reload = useCallback(() => {
    api.call('registries.list').then(
      (i) => {
        setInfo(i);
        setListError(undefined);
      },
      (e: unknown) => setListError(asBerthError(e)),
    );
  }, []);
  useEffect(reload, [reload]);

  return (
    <Modal
      className="images-modal"
      initialFocus="first-field"
      title={t('images.registries.title')}
      onClose={onClose}
      wide
      testId="registries-dialog"
    >
      {info && (
        <p className="muted small">
          {t('images.registries.configDir', { dir: info.configDir })}
          {info.credsStore ? ` · ${t('images.registries.credsStore', { store: info.credsStore })}` : ''}
        </p>
      )}
      <ErrorLine error={listError} />
      <h3 className="subhead">{t('images.registries.accounts')}</h3>
      {info && info.accounts.length === 0 && <p className="muted">{t('images.registries.noAccounts')}</p>}
      {info && info.accounts.length > 0 && (
        <table className="grid compact" aria-label={t('images.registries.accounts')}>
          <thead>
            <tr>
              <th>{t('images.registries.server')}</th>
              <th>{t('images.registries.username')}</th>
              <th>{t('images.registries.store')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {info.accounts.map((a) => (
              <AccountRow
                key={a.server}
                server={a.server}
                host={a.host}
                user={a.username}
                store={a.store}
                onChange={reload}
              />
            ))}
          </tbody>
        </table>
      )}
      <LoginForm onDone={reload} />
      <Browse onPull={onPull} />
    </Modal>
  );
}

function AccountRow(p: { server: string; host: string; user?: string; store: string; onChange(): void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<BerthError>();
  const logout = () =>
    api.call('registries.logout', { server: p.server }).then(p.onChange, (e: unknown) => setError(asBerthError(e)));
  return (
    <tr data-server={p.host}>
      <td className="mono">{p.host}</td>
      <td>{p.user ?? '—'}</td>
      <td className="small">{p.store}</td>
      <td className="actions">
        <button
          type="button"
          title={`$ ${imageCommands.logout(p.host)}`}
          aria-label={`${t('images.registries.logout')} ${p.host}`}
          onClick={() => void logout()}
        >
          {t('images.registries.logout')}
        </button>
        <ErrorLine error={error} />
      </td>
    </tr>
  );
}

function LoginForm({ onDone }: { onDone(): void }) {
  const { t } = useTranslation();
  const [server, setServer] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<BerthError>();
  const [ok, setOk] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = () => {
    setBusy(true);
    setError(undefined);
    setOk(undefined);
    api.call('registries.login', { server: server.trim() || 'docker.io', username: username.trim(), password }).then(
      (r) => {
        setBusy(false);
        setPassword(''); // not kept once main has it
        setOk(t('images.registries.loggedIn', { server: r.server, user: r.username }));
        onDone();
      },
      (e: unknown) => {
        setBusy(false);
        setPassword('');
        setError(asBerthError(e));
      },
    );
  };
  return (
    <form
      className="form img-login"
      aria-label={t('images.registries.loginTitle')}
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <h3 className="subhead">{t('images.registries.loginTitle')}</h3>
      <div className="field-row">
        <Field label={t('images.registries.server')} hint={t('images.registries.serverHint')}>
          <input
            type="text"
            value={server}
            placeholder="docker.io"
            onChange={(e) => setServer(e.target.value)}
            spellCheck={false}
          />
        </Field>
        <Field label={t('images.registries.username')}>
          <input
            type="text"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            autoComplete="username"
            spellCheck={false}
          />
        </Field>
        <Field label={t('images.registries.password')}>
          <input
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete="current-password"
          />
        </Field>
      </div>
      <div className="img-row">
        <button type="submit" className="primary" disabled={busy || !username.trim() || !password}>
          {t('images.registries.login')}
        </button>
        <CommandHint command={imageCommands.login(server.trim() || 'docker.io', username.trim())} />
      </div>
      {ok && (
        <p className="ok-text" role="status">
          {ok}
        </p>
      )}
      <ErrorLine error={error} />
    </form>
  );
}

function Browse({ onPull }: { onPull(ref: string): void }) {
  const { t } = useTranslation();
  const [registry, setRegistry] = useState('');
  const [repos, setRepos] = useState<string[]>();
  const [next, setNext] = useState<string>();
  const [repo, setRepo] = useState<string>();
  const [tags, setTags] = useState<string[]>();
  const [error, setError] = useState<BerthError>();
  const host = registry
    .trim()
    .replace(/^https?:\/\//, '')
    .replace(/\/+$/, '');
  const list = (last?: string) => {
    setError(undefined);
    api.call('registries.catalog', { registry: registry.trim(), ...(last ? { last } : {}) }).then(
      (page) => {
        setRepos((prev) => (last ? [...(prev ?? []), ...page.repositories] : page.repositories));
        setNext(page.next);
        if (!last) {
          setRepo(undefined);
          setTags(undefined);
        }
      },
      (e: unknown) => setError(asBerthError(e)),
    );
  };
  const open = (r: string) => {
    setRepo(r);
    setTags(undefined);
    api.call('registries.tags', { registry: registry.trim(), repository: r }).then(
      (r) => setTags(r.tags),
      (e: unknown) => setError(asBerthError(e)),
    );
  };
  return (
    <section className="img-browse" aria-label={t('images.registries.browseTitle')}>
      <h3 className="subhead">{t('images.registries.browseTitle')}</h3>
      <form
        className="img-row"
        onSubmit={(e) => {
          e.preventDefault();
          list();
        }}
      >
        <input
          type="text"
          value={registry}
          placeholder="127.0.0.1:5000"
          aria-label={t('images.registries.server')}
          onChange={(e) => setRegistry(e.target.value)}
          spellCheck={false}
        />
        <button type="submit" disabled={!registry.trim()}>
          {t('images.registries.browse')}
        </button>
      </form>
      <ErrorLine error={error} />
      {repos && (
        <div className="img-browse-cols">
          <div>
            <h4 className="small muted">{t('images.registries.repositories')}</h4>
            {repos.length === 0 && <p className="muted">{t('images.registries.noRepos')}</p>}
            <ul className="plain-list img-pick-list">
              {repos.map((r) => (
                <li key={r}>
                  <button type="button" className={`link mono ${r === repo ? 'active' : ''}`} onClick={() => open(r)}>
                    {r}
                  </button>
                </li>
              ))}
            </ul>
            {next && (
              <button type="button" className="small-btn" onClick={() => list(next)}>
                {t('images.registries.more')}
              </button>
            )}
          </div>
          {repo && (
            <div>
              <h4 className="small muted">{t('images.registries.tags', { repo })}</h4>
              <ul className="plain-list img-pick-list">
                {tags?.map((tag) => (
                  <li key={tag} className="img-row">
                    <span className="mono">{tag}</span>
                    <button
                      type="button"
                      className="small-btn"
                      aria-label={t('images.registries.pullTag', { ref: `${host}/${repo}:${tag}` })}
                      onClick={() => onPull(`${host}/${repo}:${tag}`)}
                    >
                      {t('images.actions.pull')}
                    </button>
                  </li>
                ))}
              </ul>
            </div>
          )}
        </div>
      )}
    </section>
  );
}

/** `docker search` through the engine (Docker Hub); an unreachable Hub is said at once. */
export function SearchDialog({ onClose, onPull }: { onClose(): void; onPull(ref: string): void }) {
  const { t } = useTranslation();
  const [term, setTerm] = useState('');
  const [results, setResults] = useState<ImageSearchResult[]>();
  const [error, setError] = useState<BerthError>();
  const [busy, setBusy] = useState(false);
  const search = () => {
    setBusy(true);
    setError(undefined);
    setResults(undefined);
    api.call('images.search', { term: term.trim(), limit: 25 }).then(
      (r) => {
        setBusy(false);
        setResults(r);
      },
      (e: unknown) => {
        setBusy(false);
        setError(asBerthError(e));
      },
    );
  };
  return (
    <Modal
      className="images-modal"
      initialFocus="first-field"
      title={t('images.search.title')}
      onClose={onClose}
      wide
      testId="search-dialog"
    >
      <form
        className="img-row"
        onSubmit={(e) => {
          e.preventDefault();
          if (term.trim()) search();
        }}
      >
        <input
          type="search"
          value={term}
          aria-label={t('images.search.term')}
          placeholder={t('images.search.term')}
          onChange={(e) => setTerm(e.target.value)}
        />
        <button type="submit" className="primary" disabled={busy || !term.trim() || /\s/.test(term.trim())}>
          {t('images.search.submit')}
        </button>
      </form>
      <CommandHint command={imageCommands.search(term.trim() || 'TERM', 25)} />
      {busy && <p className="muted">{t('common.loading')}</p>}
      {error && (
        <div className="banner error" role="alert">
          <span>{t('images.search.unreachable')}</span>
          <span className="detail">{error.message}</span>
        </div>
      )}
      {results && results.length === 0 && <p className="muted">{t('images.search.none')}</p>}
      {results && results.length > 0 && (
        <div className="table-wrap">
          <table className="grid compact" aria-label={t('images.search.title')}>
            <thead>
              <tr>
                <th>{t('images.search.name')}</th>
                <th>{t('images.search.description')}</th>
                <th className="num">{t('images.search.stars')}</th>
                <th>{t('images.search.official')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {results.map((r) => (
                <tr key={r.name}>
                  <td className="mono">{r.name}</td>
                  <td className="small">{r.description}</td>
                  <td className="num">{r.stars}</td>
                  <td>{r.official ? '✓' : ''}</td>
                  <td>
                    <button type="button" className="small-btn" onClick={() => onPull(r.name)}>
                      {t('images.actions.pull')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Modal>
  );
}
