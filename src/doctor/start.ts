import { t } from '../engine/lang.js';
import type { Text } from '../engine/types.js';

export interface StartHint {
  engine: Text;
  how: Text;
}

/** How to start each engine labcheck finds on its own, on this platform. */
export function startHints(platform: NodeJS.Platform): StartHint[] {
  if (platform === 'darwin') {
    return [
      { engine: t('Docker Desktop', 'Docker Desktop'), how: t('open Docker Desktop (`open -a Docker`)', '打开 Docker Desktop（`open -a Docker`）') },
      { engine: t('Podman', 'Podman'), how: t('`podman machine init` once, then `podman machine start`', '先运行一次 `podman machine init`，再运行 `podman machine start`') },
      { engine: t('Colima', 'Colima'), how: t('`colima start`', '`colima start`') },
    ];
  }
  if (platform === 'win32') {
    return [
      { engine: t('Docker Desktop', 'Docker Desktop'), how: t('start Docker Desktop from the Start menu', '从开始菜单启动 Docker Desktop') },
      { engine: t('Podman', 'Podman'), how: t('`podman machine init` once, then `podman machine start`', '先运行一次 `podman machine init`，再运行 `podman machine start`') },
    ];
  }
  return [
    {
      engine: t('Docker Engine', 'Docker Engine'),
      how: t('`sudo systemctl start docker`; to use it without sudo, `sudo usermod -aG docker $USER` and log in again', '`sudo systemctl start docker`；若不想用 sudo，运行 `sudo usermod -aG docker $USER` 后重新登录'),
    },
    { engine: t('rootless Docker', 'rootless Docker'), how: t('`systemctl --user start docker` (set up once with `dockerd-rootless-setuptool.sh install`)', '`systemctl --user start docker`（先用 `dockerd-rootless-setuptool.sh install` 安装一次）') },
    { engine: t('Docker Desktop', 'Docker Desktop'), how: t('open Docker Desktop (`systemctl --user start docker-desktop`)', '打开 Docker Desktop（`systemctl --user start docker-desktop`）') },
    {
      engine: t('Podman (rootless)', 'Podman（rootless）'),
      how: t('`systemctl --user enable --now podman.socket`; without systemd, `podman system service --time=0 &`', '`systemctl --user enable --now podman.socket`；没有 systemd 时运行 `podman system service --time=0 &`'),
    },
    { engine: t('Podman (as root)', 'Podman（root）'), how: t('`sudo systemctl enable --now podman.socket`; its socket is for root only', '`sudo systemctl enable --now podman.socket`；其套接字仅供 root 使用') },
  ];
}
