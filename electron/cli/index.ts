#!/usr/bin/env node
import { main } from './main';

/** crypto-cli entry point. */
void main(process.argv).then((code) => {
  process.exitCode = code;
});
