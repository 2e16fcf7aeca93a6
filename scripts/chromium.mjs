// @ts-check
// The Chromium the browser tests and the docs benchmark drive: Debian's package (installed by
// .ci/run), with the flags this machine needs (DEVELOPERS.md). Types: chromium.d.mts.

export const CHROMIUM = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];
