/**
 * The tray icon: state at a glance (connected, reconnecting, offline, uploading) and the operator's
 * quick menu. What to show is decided by desktop/tray-state.ts; this only draws it and forwards clicks.
 */
import { Menu, Tray, nativeImage, type NativeImage } from 'electron';
import { trayIconPngs } from './desktop/tray-icons';
import { trayMenuTemplate } from './desktop/tray-menu';
import { trayView, type TrayCommand, type TrayIconKind, type TrayInput } from './desktop/tray-state';

function iconImage(kind: TrayIconKind): NativeImage {
  const pngs = trayIconPngs(kind);
  const image = nativeImage.createFromBuffer(pngs.x1, { scaleFactor: 1 });
  image.addRepresentation({ scaleFactor: 2, buffer: pngs.x2 });
  return image;
}

export class AppTray {
  readonly #tray: Tray;
  readonly #images = new Map<TrayIconKind, NativeImage>();
  #lastKey = '';

  constructor(
    private readonly run: (command: TrayCommand) => void,
    private readonly onClick: () => void,
  ) {
    this.#tray = new Tray(this.#image('offline'));
    // Windows and Linux: a click on the icon toggles the window; the menu is on right-click.
    this.#tray.on('click', () => this.onClick());
  }

  #image(kind: TrayIconKind): NativeImage {
    let image = this.#images.get(kind);
    if (!image) {
      image = iconImage(kind);
      this.#images.set(kind, image);
    }
    return image;
  }

  update(input: TrayInput): void {
    const view = trayView(input);
    // Rebuilding a native menu on every status tick flickers an open menu on Windows; skip no-op updates.
    const key = JSON.stringify(view);
    if (key === this.#lastKey) return;
    this.#lastKey = key;
    this.#tray.setImage(this.#image(view.icon));
    this.#tray.setToolTip(view.tooltip);
    this.#tray.setContextMenu(Menu.buildFromTemplate(trayMenuTemplate(view.menu, this.run)));
  }

  destroy(): void {
    this.#tray.destroy();
  }
}
