// Round-trips Candid cases through @dfinity/candid, the independent reference implementation.
// Input (argv[2]): a JSON array of { program, javaHex }, where program is a function body that returns
// { types, values } built with IDL and Principal. Output: a JSON array of { jsHex, javaReencodedHex } or { error }.
const fs = require('fs');
const { IDL } = require('@dfinity/candid');
const { Principal } = require('@dfinity/principal');

const hex = (bytes) => Buffer.from(bytes).toString('hex');
const cases = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const results = cases.map(({ program, javaHex }) => {
  try {
    const { types, values } = new Function('IDL', 'Principal', program)(IDL, Principal);
    const jsHex = hex(IDL.encode(types, values));
    const decoded = IDL.decode(types, new Uint8Array(Buffer.from(javaHex, 'hex')));
    const javaReencodedHex = hex(IDL.encode(types, decoded));
    return { jsHex, javaReencodedHex };
  } catch (e) {
    return { error: String(e).split('\n')[0] };
  }
});
process.stdout.write(JSON.stringify(results));
