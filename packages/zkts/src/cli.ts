// `npx zkts …` after `npm i zkts`: the same command line as @zkts/cli's.
import { main } from '@zkts/cli';

const code = await main(process.argv.slice(2));
if (code !== undefined) process.exitCode = code;
