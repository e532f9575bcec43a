#!/usr/bin/env node
// Confluent's official JavaScript Schema Registry client, driven from ConfluentJsClientConformanceIT as an
// independent implementation of the REST API and the wire format. Each command prints one JSON line on stdout;
// anything unexpected goes to stderr with a non-zero exit.
//
//   node conformance.mjs register     <registryUrl> <subject> <schema.avsc>    -> {"id":N}
//   node conformance.mjs serialize    <registryUrl> <topic> <record.json>      -> {"id":N,"hex":"00…","base64":"…"}
//        (writes with the latest schema of <topic>-value, as Confluent's use.latest.version does)
//   node conformance.mjs deserialize  <registryUrl> <topic> <hex>              -> {"id":N,"record":{…}}
//   node conformance.mjs incompatible <registryUrl> <subject> <schema.avsc>    -> {"status":409,"errorCode":409,…}
import { readFileSync } from 'node:fs';
import {
  AvroDeserializer,
  AvroSerializer,
  RestError,
  SchemaRegistryClient,
  SerdeType,
} from '@confluentinc/schemaregistry';

const [command, url, ...args] = process.argv.slice(2);

function client() {
  // no retries: a conformance failure should surface at once, not after back-off
  return new SchemaRegistryClient({ baseURLs: [url], maxRetries: 0 });
}

function schemaInfo(path) {
  return { schemaType: 'AVRO', schema: readFileSync(path, 'utf8') };
}

function print(value) {
  process.stdout.write(JSON.stringify(value) + '\n');
}

/** The schema id in a Confluent wire-format payload: magic byte 0, then a big-endian int32. */
function wireId(bytes) {
  if (bytes.length < 5 || bytes[0] !== 0) {
    throw new Error(`not Confluent wire format (magic byte ${bytes[0]})`);
  }
  return bytes.readInt32BE(1);
}

async function register(subject, schemaPath) {
  const id = await client().register(subject, schemaInfo(schemaPath));
  print({ id });
}

async function serialize(topic, recordJson) {
  const serializer = new AvroSerializer(client(), SerdeType.VALUE,
    { autoRegisterSchemas: false, useLatestVersion: true });
  const bytes = await serializer.serialize(topic, JSON.parse(recordJson));
  print({ id: wireId(bytes), hex: bytes.toString('hex'), base64: bytes.toString('base64') });
}

async function deserialize(topic, hex) {
  const bytes = Buffer.from(hex, 'hex');
  const deserializer = new AvroDeserializer(client(), SerdeType.VALUE, {});
  const record = await deserializer.deserialize(topic, bytes);
  print({ id: wireId(bytes), record });
}

async function incompatible(subject, schemaPath) {
  try {
    const id = await client().register(subject, schemaInfo(schemaPath));
    print({ status: 200, id });
  } catch (e) {
    if (!(e instanceof RestError)) {
      throw e;
    }
    print({ status: e.status, errorCode: e.errorCode, message: e.message });
  }
}

const commands = {
  register: () => register(args[0], args[1]),
  serialize: () => serialize(args[0], args[1]),
  deserialize: () => deserialize(args[0], args[1]),
  incompatible: () => incompatible(args[0], args[1]),
};

if (!commands[command] || !url) {
  process.stderr.write(`usage: node conformance.mjs ${Object.keys(commands).join('|')} <registryUrl> …\n`);
  process.exit(2);
}
try {
  await commands[command]();
} catch (e) {
  process.stderr.write(`${command} failed: ${e.stack ?? e}\n`);
  process.exit(1);
}
