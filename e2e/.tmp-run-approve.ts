import { publishDemo } from './.tmp-publish-chain';
import { PW } from './.tmp-pw';
await publishDemo('http://127.0.0.1:3102', (u) => PW[u]!, 'CCHC-2025');
console.log('approved');
