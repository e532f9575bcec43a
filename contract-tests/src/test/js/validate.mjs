// Parses and validates an AsyncAPI document with AsyncAPI's reference parser (spec JSON Schema + Spectral rules), Avro
// payload schemas included. Prints one JSON line: {valid, channels, operations, messages, diagnostics[]}.
import { Parser, fromFile } from '@asyncapi/parser';
import { AvroSchemaParser } from '@asyncapi/avro-schema-parser';

const parser = new Parser();
parser.registerSchemaParser(AvroSchemaParser());
const { document, diagnostics } = await fromFile(parser, process.argv[2]).parse();
console.log(JSON.stringify({
  valid: document !== undefined,
  channels: document ? document.channels().all().map(c => c.address()) : [],
  operations: document ? document.operations().length : 0,
  messages: document ? document.allMessages().length : 0,
  // Spectral severities: 0 error, 1 warning, 2 information, 3 hint
  diagnostics: diagnostics.map(d => ({ severity: d.severity, code: d.code, path: d.path.join('/'), message: d.message })),
}));
