import { main } from './main';

const code = await main(process.argv.slice(2));
if (code !== undefined) process.exitCode = code;
