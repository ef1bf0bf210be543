// The desktop's part of "Este computador é…": at start the saved choice decides the fan-out (a hub also looks in the
// installer's own nats-server folder), and "Reiniciar agora" opens the app again once the usual quit path is done.
import type { ServiceOptions } from '../core/service.js';
import { fanoutFromSetting } from '../core/settings/fanout-setting.js';
import { bundledNatsDirs } from './bundled-nats.js';
import { HIDDEN_ARG } from './login-item.js';

/** Electron's app, the parts this uses. */
export interface RelaunchingApp {
  readonly isPackaged: boolean;
  relaunch(options?: { args?: string[] }): void;
  quit(): void;
}

export interface DesktopFanoutDeps {
  app: RelaunchingApp;
  /** process.resourcesPath: where an installed app keeps its extra resources (nats-server among them). */
  resourcesPath: string;
  /** process.argv, to open again as it was opened (but in view: someone just clicked "Reiniciar agora"). */
  argv: readonly string[];
}

/** What startService gets from the desktop for fan-out: the saved choice's rule, and the way to restart. */
export function desktopFanout(deps: DesktopFanoutDeps): Required<Pick<ServiceOptions, 'fanout' | 'relaunch'>> {
  const natsSearchDirs = bundledNatsDirs(deps.resourcesPath, deps.app.isPackaged);
  return {
    fanout: (saved) => fanoutFromSetting(saved, { natsSearchDirs }),
    relaunch: () => {
      // Asked before quitting: Electron starts the new instance once this one has exited.
      deps.app.relaunch({ args: deps.argv.slice(1).filter((arg) => arg !== HIDDEN_ARG) });
      // Through before-quit, where setupQuit stops the core first: nothing acknowledged is lost.
      deps.app.quit();
    },
  };
}
