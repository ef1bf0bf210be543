// What a browser without the panel's cookie sees on the panel's own address: how to open it again, pt-BR then English.
// Static on purpose: no script, no style (the panel's CSP allows neither inline), no token, no path of this PC.

/** Days a browser keeps the panel open without the Panel URL, counted from the last time the panel was opened. */
export const PANEL_ACCESS_DAYS = 30;

export const PANEL_HELP_PAGE = `<!doctype html>
<html lang="pt-BR">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="referrer" content="no-referrer" />
    <title>WiFire Desk: abra o painel pela Panel URL / Open the panel with its Panel URL</title>
    <link rel="icon" href="data:," />
  </head>
  <body>
    <h1>WiFire Desk: abra o painel pela Panel URL <span lang="en">/ Open the panel with its Panel URL</span></h1>

    <h2>Como abrir o painel de novo</h2>
    <p>
      Este navegador não tem acesso ao painel: é a primeira vez, ou o painel não foi aberto aqui há mais de
      ${PANEL_ACCESS_DAYS} dias, ou os cookies foram apagados, ou o token do painel mudou.
    </p>
    <ol>
      <li>
        No computador onde o WiFire Desk está rodando, procure a linha
        <code>Panel URL: http://127.0.0.1:…/panel?token=…</code> no terminal em que
        <code>npm run headless</code> foi iniciado.
      </li>
      <li>
        Sem esse terminal, rode na pasta do WiFire Desk <code>npm run headless -- --print-panel-url</code>
        (com <code>--data-dir</code> e a pasta, se o serviço usa outra pasta de dados). Ele mostra a linha
        <code>Panel URL: …</code> de novo e sai, sem iniciar outro serviço.
      </li>
      <li>
        Copie a Panel URL inteira, com o token, e abra-a neste navegador. Depois disso, <code>/panel/</code> abre
        direto; o acesso vence após ${PANEL_ACCESS_DAYS} dias sem abrir o painel.
      </li>
    </ol>
    <p>
      Se o serviço não está rodando, inicie-o com <code>npm run headless</code>: ele mostra a Panel URL ao iniciar.
      O token fica na pasta de dados do WiFire Desk, em <code>config.json</code> (chave <code>panelToken</code>),
      nunca nos logs. A pasta padrão: Windows <code>%APPDATA%\\WiFire Desk</code>, macOS
      <code>~/Library/Application Support/WiFire Desk</code>, Linux <code>~/.config/WiFire Desk</code>.
    </p>
    <p>Não compartilhe a Panel URL: o painel mostra dados dos clientes.</p>

    <section lang="en">
      <h2>How to open the panel again</h2>
      <p>
        This browser has no access to the panel: it is the first time, or the panel has not been opened here for more
        than ${PANEL_ACCESS_DAYS} days, or the cookies were cleared, or the panel token changed.
      </p>
      <ol>
        <li>
          On the computer where WiFire Desk runs, look for the line
          <code>Panel URL: http://127.0.0.1:…/panel?token=…</code> in the terminal where
          <code>npm run headless</code> was started.
        </li>
        <li>
          Without that terminal, run <code>npm run headless -- --print-panel-url</code> in the WiFire Desk folder (with
          <code>--data-dir</code> and the folder if the service uses another data folder). It prints the
          <code>Panel URL: …</code> line again and exits, without starting another service.
        </li>
        <li>
          Copy the whole Panel URL, token included, and open it in this browser. After that, <code>/panel/</code> opens
          directly; access ends after ${PANEL_ACCESS_DAYS} days without opening the panel.
        </li>
      </ol>
      <p>
        If the service is not running, start it with <code>npm run headless</code>: it prints the Panel URL on start.
        The token is kept in WiFire Desk's data folder, in <code>config.json</code> (key <code>panelToken</code>), never
        in the logs. The default folder: Windows <code>%APPDATA%\\WiFire Desk</code>, macOS
        <code>~/Library/Application Support/WiFire Desk</code>, Linux <code>~/.config/WiFire Desk</code>.
      </p>
      <p>Do not share the Panel URL: the panel shows customers' data.</p>
    </section>
  </body>
</html>
`;
