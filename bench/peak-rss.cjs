// Preloaded into a benchmarked process (node --require bench/peak-rss.cjs ...):
// on exit, writes the process's own peak resident set size (getrusage's
// maxrss, in KiB, as /usr/bin/time -v reports it) to the file named by
// CASECAST_PEAK_RSS_FILE.
'use strict';
const { writeFileSync } = require('node:fs');

const file = process.env.CASECAST_PEAK_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, `${process.resourceUsage().maxRSS}\n`));
