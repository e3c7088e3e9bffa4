// Adobe's server hardening guidance for Campaign Classic, item by item, as data (docs/hardening.md).
// The items come from Adobe's pages only: "Security and privacy checklist", "Server security
// settings", "Web server security settings", "Network, database and SSL/TLS", "Define security
// zones", "Campaign server configuration", "Update Campaign interface after IMS migration" and the
// release notes (links below). An item is either judged by rules (their ids, typed as strings so
// that this list can name a rule before it is registered; test/data/hardening-checklist.test.ts
// compares the list with the rule registry in both directions) or checked by hand, with how.
// The checklist reports (src/report/checklist-model.ts and its renderers) account for every item
// on every host: nothing here is ever left out silently.

/** An Adobe page, by its title and its Experience League address (with the section's anchor). */
export interface AdobePage {
  title: string;
  url: string;
}

interface ChecklistItemBase {
  /** Stable id (kebab-case): what the report and a reader's own tracking refer to. Never renamed. */
  id: string;
  /** The item as an administrator reads it: the state Adobe asks for. */
  title: string;
  /** Where Adobe says it. */
  page: AdobePage;
  /**
   * Why the item does not apply to hosted and Managed Cloud Services servers (Adobe configures
   * them), when it does not. The report says so for Campaign v8 hosts, which are always managed.
   */
  hosted?: string;
}

/** An item the configuration files show: judged by the findings of these rules. */
export interface RuleChecklistItem extends ChecklistItemBase {
  kind: 'rules';
  /** Rule ids (src/model.ts RULE_IDS); the item passes where none of them has a finding. */
  rules: readonly string[];
}

/** An item no configuration file can show (web server, network, console): checked by hand. */
export interface ManualChecklistItem extends ChecklistItemBase {
  kind: 'manual';
  /** How to check it by hand, in a sentence or two; `code` in backticks. */
  manual: string;
}

export type ChecklistItem = RuleChecklistItem | ManualChecklistItem;

const EL = 'https://experienceleague.adobe.com/en/docs/campaign-classic/using';

/** The pages the items cite, once each. */
export const ADOBE_PAGES = {
  checklist: { title: 'Security and privacy checklist', url: `${EL}/installing-campaign-classic/security-privacy/get-started-security-privacy` },
  server: { title: 'Server security settings', url: `${EL}/installing-campaign-classic/security-privacy/server-configuration` },
  webServer: { title: 'Web server security settings', url: `${EL}/installing-campaign-classic/security-privacy/web-server-configuration` },
  network: { title: 'Network, database and SSL/TLS', url: `${EL}/installing-campaign-classic/security-privacy/network-database` },
  access: { title: 'Secure access management', url: `${EL}/installing-campaign-classic/security-privacy/access-management` },
  privacy: { title: 'Personalization and privacy', url: `${EL}/installing-campaign-classic/security-privacy/privacy` },
  scripting: { title: 'Scripting and coding guidelines', url: `${EL}/installing-campaign-classic/security-privacy/scripting-coding-guidelines` },
  zones: { title: 'Define security zones', url: `${EL}/installing-campaign-classic/additional-configurations/security-zones` },
  urlPermissions: { title: 'Set URL permissions', url: `${EL}/installing-campaign-classic/additional-configurations/url-permissions` },
  campaignServer: { title: 'Campaign server configuration', url: `${EL}/installing-campaign-classic/additional-configurations/configuring-campaign-server` },
  serverConf: { title: 'Server configuration file', url: `${EL}/installing-campaign-classic/appendices/the-server-configuration-file` },
  ims: { title: 'Update Campaign interface after IMS migration', url: `${EL}/technotes/ims/impact-ims-migration` },
  releaseNotes: { title: 'Latest release', url: `${EL}/release-notes/latest-release` },
} as const satisfies Record<string, AdobePage>;

function at(page: AdobePage, anchor: string): AdobePage {
  return { title: page.title, url: `${page.url}#${anchor}` };
}

const P = ADOBE_PAGES;

/** Every item of Adobe's server hardening guidance, in the order of Adobe's checklist page. */
export const HARDENING_CHECKLIST = [
  // Server configuration (serverConf.xml and config-<instance>.xml): judged by rules.
  {
    id: 'zone-rights',
    kind: 'rules',
    title: 'Security zones grant no security-lowering right (empty password, login/password tokens, SQL injection, debug, errors, HTTP) to public addresses',
    page: at(P.zones, 'recommendations'),
    rules: ['zones/public-rights'],
    hosted: 'Adobe manages the security zones of hosted servers (Control Panel: IP allow list).',
  },
  {
    id: 'zone-proxy',
    kind: 'rules',
    title: 'No sub-network proxy lets a caller choose its zone with X-Forwarded-For',
    page: at(P.zones, 'sub-networks-and-proxies-in-a-security-zone'),
    rules: ['zones/proxy-spoofable'],
    hosted: 'Adobe manages the security zones of hosted servers.',
  },
  {
    id: 'upload-allowlist',
    kind: 'rules',
    title: 'File uploads limited to the file types users need (dataStore uploadAllowlist)',
    page: at(P.server, 'file-upload-protection'),
    rules: ['uploads/allowlist-open'],
    hosted: 'Adobe configures the servers of hosted instances.',
  },
  {
    id: 'url-permission',
    kind: 'rules',
    title: 'Outgoing connections from JavaScript blocked outside the URL allow list (urlPermission action "deny")',
    page: at(P.server, 'outgoing-connection-protection'),
    rules: ['urls/permission-not-blocking'],
    hosted: 'Hosted instances set URL permissions in the Control Panel.',
  },
  {
    id: 'exec-restriction',
    kind: 'rules',
    title: 'External commands restricted: a dedicated Unix user and a denylist file (exec user, blacklistFile)',
    page: at(P.server, 'command-restriction-server-side'),
    rules: ['exec/unrestricted'],
    hosted: 'Adobe: "For hosted installations, this restriction is automatically applied."',
  },
  {
    id: 'dbcnx-password',
    kind: 'rules',
    title: 'No clear-text password in dbcnx (nor in any other secret attribute)',
    page: at(P.server, 'other-configurations'),
    rules: ['secrets/plaintext'],
  },
  {
    id: 'session-ip',
    kind: 'rules',
    title: 'Sessions tied to their IP address (authentication checkIPConsistent="true")',
    page: at(P.server, 'other-configurations'),
    rules: ['sessions/ip-not-checked'],
    hosted: 'Adobe configures the servers of hosted instances.',
  },
  {
    id: 'session-timeout',
    kind: 'rules',
    title: 'Session lifetime reduced (authentication sessionTimeOutSec within the policy threshold)',
    page: at(P.server, 'other-configurations'),
    rules: ['sessions/timeout-long'],
    hosted: 'Adobe configures the servers of hosted instances.',
  },
  {
    id: 'mta-tls',
    kind: 'rules',
    title: 'The MTA sends over TLS (smtp enableTLS="true")',
    page: at(P.server, 'other-configurations'),
    rules: ['mta/tls-disabled'],
    hosted: 'Adobe configures the MTA of hosted instances.',
  },
  {
    id: 'ims-console-lockdown',
    kind: 'rules',
    title: 'Native (non-IMS) operators can no longer be created or managed in the client console (7.4.1 and later)',
    page: at(P.ims, 'ims-restrictions'),
    rules: ['operators/console-management-open'],
    hosted: 'Adobe: "As a Managed Cloud Service/Hosted user, contact Adobe to enable this restriction."',
  },
  {
    id: 'ims-api-lockdown',
    kind: 'rules',
    title: 'Native (non-IMS) operators can no longer call the APIs (nonIMSAuthnAPI disableAPI="true", 7.4.1 and later)',
    page: at(P.ims, 'ims-restrictions'),
    rules: ['operators/native-api-enabled'],
    hosted: 'Adobe: "As a Managed Cloud Service/Hosted user, contact Adobe to enable this restriction."',
  },
  {
    id: 'webform-ctx',
    kind: 'rules',
    title: 'webForm.jsp ignores client-supplied ctx parameters (web/jsp disableCtxInWebForm not set to "false")',
    page: at(P.releaseNotes, 'changes-7-4-3-9397'),
    rules: ['web/webform-ctx-enabled'],
    hosted: 'Adobe configures the servers of hosted instances.',
  },
  // Server configuration that no rule judges yet, or that the console holds: by hand.
  {
    id: 'zone-caller-rights',
    kind: 'manual',
    title: 'The rights each caller really gets from the security zones are checked from its own address',
    page: at(P.zones, 'recommendations'),
    manual: 'From a machine of each network (office, VPN, a public address), open `https://<server>/nl/jsp/ping.jsp?zones=true`: it shows the security flags active for the caller\'s IP. A public address must get none of allowEmptyPassword, allowUserPassword, allowSQLInjection, allowDebug, showErrors, allowHTTP.',
    hosted: 'Adobe manages the security zones of hosted servers.',
  },
  {
    id: 'zone-minimal-networks',
    kind: 'manual',
    title: 'Only the networks in use stay in the zones (of the three private ranges shipped, keep the ones you need)',
    page: at(P.zones, 'recommendations'),
    manual: 'Read each `subNetwork` mask of serverConf.xml and config-<instance>.xml and remove the private ranges (192.168.0.0/16, 172.16.0.0/12, 10.0.0.0/8) and addresses no operator or system uses.',
    hosted: 'Adobe manages the security zones of hosted servers.',
  },
  {
    id: 'zone-session-token-only',
    kind: 'manual',
    title: 'sessionTokenOnly="true" only in a dedicated zone holding the Message Center execution cells\' addresses',
    page: at(P.zones, 'recommendations'),
    manual: 'Search serverConf.xml and config-<instance>.xml for `sessionTokenOnly="true"`: each zone that sets it must list only the IP addresses that need it (Message Center on several execution instances).',
    hosted: 'Adobe manages the security zones of hosted servers.',
  },
  {
    id: 'zone-operators-linked',
    kind: 'manual',
    title: 'Each operator is linked to a security zone',
    page: at(P.zones, 'linking-a-security-zone-to-an-operator'),
    manual: 'In the console, Administration > Access management > Operators: each operator\'s Access rights > Edit access parameters… names an Authorized connection zone.',
  },
  {
    id: 'webapp-internal-localhost',
    kind: 'manual',
    title: 'The webApp and internal operators can log on from localhost only',
    page: at(P.zones, 'recommendations'),
    manual: 'Link the webApp operator to a zone that holds only 127.0.0.1 and ::1, and check that `internal` cannot log on from another address.',
  },
  {
    id: 'internal-password',
    kind: 'manual',
    title: 'The internal account has a password',
    page: at(P.campaignServer, 'internal-identifier'),
    manual: 'A new installation leaves `internal` without a password: set one with `nlserver config -internalpassword` on each server.',
    hosted: 'Adobe administers the internal account of hosted servers.',
  },
  {
    id: 'relay-unused-modules',
    kind: 'manual',
    title: 'Relay rules of unused modules (webApp, interaction, some JSP) are removed',
    page: at(P.server, 'relay'),
    manual: 'Read the `<url … urlPath=…>` rules of the `relay` element in serverConf.xml (web/relay) and remove or `deny` those of modules the instance does not use.',
    hosted: 'Adobe configures the relay of hosted servers.',
  },
  {
    id: 'relay-https',
    kind: 'manual',
    title: 'Pages that can show personal data (mirror pages, web apps, coupons, offers) are served over HTTPS only (relay httpAllowed="false")',
    page: at(P.server, 'relay'),
    manual: 'In the relay `<url>` rules, set `httpAllowed="false"` on paths that show personal data (Adobe ships them with `httpAllowed="true"`), then check that `http://<server>/nl/jsp/m.jsp` redirects to HTTPS or is refused.',
    hosted: 'Adobe configures the relay of hosted servers.',
  },
  {
    id: 'relay-operator-host',
    kind: 'manual',
    title: 'Operator resources (client console, SOAP router, reports) are not relayed on the public host name',
    page: at(P.campaignServer, 'dynamic-page-security-and-relays'),
    manual: 'Restrict `soaprouter.jsp` and the other operator pages with the relay rules\' `IPMask` or `hostMask` (Adobe\'s example), then check from outside that `https://<public name>/nl/jsp/soaprouter.jsp` is refused.',
    hosted: 'Adobe configures the relay of hosted servers.',
  },
  {
    id: 'http-headers',
    kind: 'manual',
    title: 'Security headers (HSTS, X-Frame-Options, CSP) are added, after a test on a test environment',
    page: at(P.campaignServer, 'managing-http-headers'),
    manual: 'Run `curl -sI https://<server>/nl/jsp/logon.jsp` and look for Strict-Transport-Security, X-Frame-Options, Content-Security-Policy; set them in the relay\'s `responseHeader` elements or in Apache/IIS. Adobe warns that some headers can break Campaign.',
    hosted: 'Adobe configures the web servers of hosted instances.',
  },
  // The web server (Apache/IIS) and the network: outside Campaign's files.
  {
    id: 'web-tls',
    kind: 'manual',
    title: 'Old SSL/TLS versions and weak ciphers are disabled on Apache/IIS',
    page: P.webServer,
    manual: 'Apache: `SSLProtocol all -SSLv2 -SSLv3 -TLSv1` and `SSLCipherSuite HIGH:MEDIUM:!aNULL:!MD5:!SSLv3:!SSLv2:!TLSv1`; IIS: SCHANNEL registry keys. Check with `openssl s_client -connect <server>:443 -tls1` (must fail).',
    hosted: 'Adobe configures the web servers of hosted instances.',
  },
  {
    id: 'web-trace',
    kind: 'manual',
    title: 'The TRACE method is removed on Apache/IIS',
    page: P.webServer,
    manual: 'Apache: `TraceEnable Off`; IIS: Request Filtering, deny the TRACE verb. Check with `curl -sk -X TRACE -o /dev/null -w "%{http_code}" https://<server>/` (405 or 403, never 200).',
    hosted: 'Adobe configures the web servers of hosted instances.',
  },
  {
    id: 'web-banner',
    kind: 'manual',
    title: 'The web server banner is removed',
    page: P.webServer,
    manual: 'Apache: `ServerSignature Off` and `ServerTokens Prod`; IIS: URLScan with `RemoveServerHeader=1`. Check the Server header of `curl -sI https://<server>/`.',
    hosted: 'Adobe configures the web servers of hosted instances.',
  },
  {
    id: 'web-error-pages',
    kind: 'manual',
    title: 'The web server\'s default error pages are replaced',
    page: P.webServer,
    manual: 'Request a page that does not exist (`curl -sk https://<server>/no-such-page`): the answer must not be the stock Apache/IIS page naming the server and its version.',
    hosted: 'Adobe configures the web servers of hosted instances.',
  },
  {
    id: 'web-request-size',
    kind: 'manual',
    title: 'The request size is limited (Campaign does not limit upload size)',
    page: P.webServer,
    manual: 'Apache: `LimitRequestBody` (bytes) in `<Directory />`; IIS: Request Filtering `maxAllowedContentLength`.',
    hosted: 'Adobe configures the web servers of hosted instances.',
  },
  {
    id: 'tomcat-not-exposed',
    kind: 'manual',
    title: 'Tomcat is not reachable from outside the server (port 8080 closed on external addresses, port 80 not mapped to it)',
    page: at(P.network, 'network-configuration'),
    manual: 'From another machine, `curl -m 5 http://<server>:8080/` must fail; on the server, `ss -ltnp | grep 8080` should show it listening on 127.0.0.1 only (or a firewall rule closing it).',
    hosted: 'Adobe manages the network of hosted servers.',
  },
  {
    id: 'network-database',
    kind: 'manual',
    title: 'The network configuration and the database engine follow their own security guidance',
    page: at(P.checklist, 'network-database-and-ssl-tls'),
    manual: 'Review the ports open between the Campaign servers and the outside (Adobe\'s network configuration page), and the database engine\'s own hardening guide.',
    hosted: 'Adobe manages the network and database of hosted servers.',
  },
  // The instance's content and people: the console, not the server.
  {
    id: 'operator-rights',
    kind: 'manual',
    title: 'Operators have the rights they need and no more: enough security groups, few admins, the admin operator not used day to day',
    page: at(P.checklist, 'access-management'),
    manual: 'In the console, Administration > Access management: review each operator\'s groups and named rights, the members of the Administrator group, and who logs on as `admin`.',
  },
  {
    id: 'privacy',
    kind: 'manual',
    title: 'Personal data is protected: HTTPS, PII view restriction, restricted encrypted passwords, protected mirror pages and web apps',
    page: at(P.checklist, 'privacy'),
    manual: 'Follow Adobe\'s "Personalization and privacy" page: URL personalization, data restriction (PII view), pages with personal information.',
  },
  {
    id: 'scripting',
    kind: 'manual',
    title: 'Scripts and the data model follow Adobe\'s coding guidelines: parameterized SQL, named rights, sysFilter, captchas on public web apps',
    page: at(P.checklist, 'scripting-and-coding-guidelines'),
    manual: 'Review workflows, JavaScript and JSSP for SQL built by string concatenation, schemas for sysFilter and named rights, and public web applications for a captcha.',
  },
] as const satisfies readonly ChecklistItem[];

/** An item's id. */
export type ChecklistItemId = (typeof HARDENING_CHECKLIST)[number]['id'];

/** Every rule id the checklist names, once each, in item order. */
export function checklistRuleIds(items: readonly ChecklistItem[] = HARDENING_CHECKLIST): string[] {
  return [...new Set(items.flatMap((item) => (item.kind === 'rules' ? item.rules : [])))];
}
