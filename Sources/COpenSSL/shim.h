// Everything LedgerCrypto needs from libcrypto (OpenSSL 3.0 or later).
//
// Only `static inline` one-liners for function-like macros that Swift cannot import
// live here; every real function is called directly from Swift.
#ifndef LEDGER_COPENSSL_SHIM_H
#define LEDGER_COPENSSL_SHIM_H

#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/decoder.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

/// OPENSSL_free is a macro (it passes __FILE__/__LINE__ to CRYPTO_free).
static inline void CLedger_OPENSSL_free(void *pointer) { OPENSSL_free(pointer); }

/// OPENSSL_cleanse is a real function, but OPENSSL_clear_free is a macro.
static inline void CLedger_OPENSSL_clear_free(void *pointer, size_t length) { OPENSSL_clear_free(pointer, length); }

/// BIO_get_mem_data is a macro around BIO_ctrl.
static inline long CLedger_BIO_get_mem_data(BIO *bio, char **contents) { return BIO_get_mem_data(bio, contents); }

/// EVP_PKEY_KEYPAIR / EVP_PKEY_PUBLIC_KEY are composite macros.
static inline int CLedger_EVP_PKEY_KEYPAIR(void) { return EVP_PKEY_KEYPAIR; }
static inline int CLedger_EVP_PKEY_PUBLIC_KEY(void) { return EVP_PKEY_PUBLIC_KEY; }

#endif
