/**
 * The service worker's state in the header: "available offline" once the app, checkpoints and
 * datasets are cached, and a prompt to reload when a new version has been deployed.
 */
import { useRegisterSW } from 'virtual:pwa-register/react';
import { Tip } from './Tip.tsx';

/** True when a service worker already controls the page (it activates only once all is cached). */
function controlled(): boolean {
  return typeof navigator !== 'undefined' && !!navigator.serviceWorker?.controller;
}

export function OfflineStatus() {
  const {
    offlineReady: [offlineReady],
    needRefresh: [needRefresh, setNeedRefresh],
    updateServiceWorker,
  } = useRegisterSW();
  if (needRefresh)
    return (
      <div className="update-prompt" role="status">
        <span>A new version is ready.</span>
        <button className="btn" onClick={() => void updateServiceWorker(true)}>
          Reload
        </button>
        <button className="btn" onClick={() => setNeedRefresh(false)}>
          Later
        </button>
      </div>
    );
  if (!offlineReady && !controlled()) return null;
  return (
    <Tip text="The app, its models and datasets are stored in this browser: it opens with no network.">
      <span className="badge offline-ready" role="status" data-testid="offline-ready" tabIndex={0}>
        available offline
      </span>
    </Tip>
  );
}
