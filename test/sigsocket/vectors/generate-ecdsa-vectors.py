#!/usr/bin/env python3
# Regenerates ecdsa-sha256.json with Debian's python3-ecdsa, an implementation nobody here wrote:
#   PATH=$(getconf PATH) python3 test/sigsocket/vectors/generate-ecdsa-vectors.py > test/sigsocket/vectors/ecdsa-sha256.json
# Each case: public key (hex), message (hex), signature (hex, compact or DER), whether ECDSA over
# SHA-256(message) must verify. High-S signatures are valid ECDSA; the server accepts them.
import hashlib, json
from ecdsa import SigningKey, SECP256k1
from ecdsa.util import sigencode_string, sigencode_der, sigdecode_string

n = SECP256k1.order
cases = []
def add(name, pub, msg, sig, valid):
    cases.append({"name": name, "public_key": pub.hex(), "message": msg.hex(), "signature": sig.hex(), "valid": valid})

for i in range(8):
    seed = hashlib.sha256(b"sigsocket-vector-%d" % i).digest()
    sk = SigningKey.from_string(seed, curve=SECP256k1)
    vk = sk.get_verifying_key()
    comp, uncomp = vk.to_string("compressed"), vk.to_string("uncompressed")
    msg = hashlib.sha256(b"message-%d" % i).digest() * (i + 1)
    if i == 0:
        msg = b"\x00"
    sig = sk.sign_deterministic(msg, hashfunc=hashlib.sha256, sigencode=sigencode_string)
    r, s = sigdecode_string(sig, n)
    low_s = min(s, n - s)
    high_s = n - low_s
    low = r.to_bytes(32, "big") + low_s.to_bytes(32, "big")
    high = r.to_bytes(32, "big") + high_s.to_bytes(32, "big")
    add("low-s compact, compressed key", comp, msg, low, True)
    add("low-s compact, uncompressed key", uncomp, msg, low, True)
    add("high-s compact (valid ECDSA)", comp, msg, high, True)
    add("low-s DER", comp, msg, sigencode_der(r, low_s, n), True)
    add("high-s DER", uncomp, msg, sigencode_der(r, high_s, n), True)
    tampered = bytearray(msg); tampered[-1] ^= 1
    add("message changed", comp, bytes(tampered), low, False)
    bad = bytearray(low); bad[5] ^= 0x40
    add("r changed", comp, msg, bytes(bad), False)
    bad = bytearray(low); bad[40] ^= 0x01
    add("s changed", comp, msg, bytes(bad), False)
    other = SigningKey.from_string(hashlib.sha256(seed).digest(), curve=SECP256k1).get_verifying_key()
    add("other key", other.to_string("compressed"), msg, low, False)

pub = SigningKey.from_string(hashlib.sha256(b"edge").digest(), curve=SECP256k1).get_verifying_key().to_string("compressed")
z = (0).to_bytes(32, "big"); one = (1).to_bytes(32, "big"); nb = n.to_bytes(32, "big")
add("r = 0", pub, b"edge", z + one, False)
add("s = 0", pub, b"edge", one + z, False)
add("r = n", pub, b"edge", nb + one, False)
add("s = n", pub, b"edge", one + nb, False)
add("all 0xff", pub, b"edge", b"\xff" * 64, False)
print(json.dumps({"source": "python3-ecdsa " + __import__("ecdsa").__version__, "cases": cases}, indent=1))
