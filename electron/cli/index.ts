#!/usr/bin/env node
// crypto-cli's executable entry: runs the CLI on process.argv and exits with its code.
import { main } from './main';

void main(process.argv).then((code) => {
  process.exitCode = code;
});
