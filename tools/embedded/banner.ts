/** Where embedded mode's admin token came from: made now, read from its file, or given in SITREP_ADMIN_TOKEN. */
export interface AdminTokenOrigin {
  token: string;
  /** 'generated' the first time; 'file' once kept; 'environment' when SITREP_ADMIN_TOKEN set it. */
  origin: 'generated' | 'file' | 'environment';
  /** The file it is kept in (generated or file). */
  file?: string;
}

export interface BannerUrls {
  core: string;
  comms: string;
  statusPage: string;
  devInbox?: string;
}

/**
 * The start-up banner. The admin token is printed only the one time it is made, so that its owner can
 * copy it; a token that came from the environment or was made earlier is never written to a terminal
 * (or a captured log) again: the banner says where it is instead.
 */
export function startBanner(urls: BannerUrls, admin: AdminTokenOrigin): string {
  const where =
    admin.origin === 'environment'
      ? { line: 'from SITREP_ADMIN_TOKEN (not shown)', shell: '$SITREP_ADMIN_TOKEN' }
      : admin.origin === 'file'
        ? { line: `kept in ${admin.file} (not shown; cat it to read it)`, shell: `$(cat ${admin.file})` }
        : { line: `${admin.token}   (new; kept in ${admin.file}, readable by you only; shown this once)`, shell: admin.token };
  return [
    '',
    'Sitrep is running.',
    `  incident-core  ${urls.core}`,
    `  comms          ${urls.comms}`,
    `  status page    ${urls.statusPage}`,
    ...(urls.devInbox ? [`  dev inbox      ${urls.devInbox}   (what the bundled fakes received)`] : []),
    `  admin token    ${where.line}`,
    '',
    `Try: curl -H "Authorization: Bearer ${where.shell}" -H 'content-type: application/json' -d '{"name":"API"}' ${urls.core}/api/v1/components`,
    '',
  ].join('\n');
}
