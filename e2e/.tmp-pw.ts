import fs from 'node:fs';
const log = fs.readFileSync('/tmp/helper-web2.log', 'utf8');
export const PW: Record<string, string> = {};
for (const m of log.matchAll(/^  (\S+)\s+(\S+-\S+-\S+)\s/gm)) PW[m[1]!] = m[2]!;
