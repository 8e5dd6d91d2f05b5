#!/usr/bin/env bash
# Makes the certificates and PKCS#8 keys the TLS tests and benchmarks use, with openssl, into DIR
# (never committed: generated at test time). Usage: scripts/test-certs.sh DIR
#   ca.pem                      test CA (EC P-256); other-ca.pem: a second, unrelated CA
#   server.pem  server.key      RSA 2048 leaf for localhost / 127.0.0.1, signed by ca
#   server-ec.pem server-ec.key EC P-256 leaf, signed by ca
#   server2.pem server2.key     another RSA leaf (another serial): the rotated certificate
#   expiring.pem expiring.key   EC leaf valid for 5 days (check's expiry warning)
#   client.pem  client.key      client certificate signed by ca (mTLS)
#   stranger.pem stranger.key   client certificate signed by other-ca (refused by mTLS)
#   server-pkcs1.key            server's RSA key in PKCS#1 form (refused: not PKCS#8)
set -euo pipefail
dir=${1:?usage: test-certs.sh DIR}
mkdir -p "$dir"
cd "$dir"

ca() { # name subject
    openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1.key" 2>/dev/null
    openssl req -x509 -new -key "$1.key" -subj "$2" -days 30 -out "$1.pem" \
        -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign
}

leaf() { # name algorithm subject ca days usage
    case "$2" in
        rsa) openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1.key" 2>/dev/null ;;
        ec) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1.key" 2>/dev/null ;;
    esac
    openssl req -new -key "$1.key" -subj "$3" -out "$1.csr"
    printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=%s\n' "$6" > "$1.ext"
    openssl x509 -req -in "$1.csr" -CA "$4.pem" -CAkey "$4.key" -set_serial "0x$(openssl rand -hex 8)" \
        -days "$5" -extfile "$1.ext" -out "$1.pem" 2>/dev/null
    rm -f "$1.csr" "$1.ext"
}

ca ca "/CN=tcp-echo test CA"
ca other-ca "/CN=tcp-echo other CA"
leaf server rsa "/CN=localhost/O=tcp-echo test" ca 30 serverAuth
leaf server-ec ec "/CN=localhost/O=tcp-echo test EC" ca 30 serverAuth
leaf server2 rsa "/CN=localhost/O=tcp-echo rotated" ca 30 serverAuth
leaf expiring ec "/CN=localhost/O=tcp-echo expiring" ca 5 serverAuth
leaf client ec "/CN=good client" ca 30 clientAuth
leaf stranger ec "/CN=stranger" other-ca 30 clientAuth
openssl pkey -in server.key -traditional -out server-pkcs1.key 2>/dev/null \
    || openssl rsa -in server.key -traditional -out server-pkcs1.key 2>/dev/null
