/** A self-signed certificate for 127.0.0.1, ::1, localhost, a.test and b.test, generated at test time (once per test file). */
import selfsigned from 'selfsigned';

export interface TlsMaterial {
  key: string;
  cert: string;
}

let material: Promise<TlsMaterial> | undefined;
let other: Promise<TlsMaterial> | undefined;

/** The test certificate that test agents trust. */
export function tlsMaterial(): Promise<TlsMaterial> {
  material ??= generate();
  return material;
}

/** Another certificate for the same names, that test agents do not trust. */
export function untrustedMaterial(): Promise<TlsMaterial> {
  other ??= generate();
  return other;
}

function generate(): Promise<TlsMaterial> {
  return selfsigned
    .generate([{ name: 'commonName', value: 'localhost' }], {
      keyType: 'ec',
      curve: 'P-256',
      algorithm: 'sha256',
      extensions: [
        { name: 'basicConstraints', cA: false },
        {
          name: 'subjectAltName',
          altNames: [
            { type: 2, value: 'localhost' },
            { type: 2, value: 'a.test' },
            { type: 2, value: 'b.test' },
            { type: 7, ip: '127.0.0.1' },
            { type: 7, ip: '::1' },
          ],
        },
      ],
    })
    .then((pems: { private: string; cert: string }) => ({ key: pems.private, cert: pems.cert }));
}
