// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.snowflake;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.apache.kafka.common.config.ConfigException;

/**
 * Reads the key-pair private key: PKCS#8 PEM, plain or encrypted with a passphrase (PBES2, as
 * {@code openssl pkcs8 -topk8 -v2 aes-256-cbc} writes it). Errors name the config key, never the key.
 */
final class PrivateKeys {

  static final String HIDDEN = "[hidden]";

  private PrivateKeys() {}

  static PrivateKey parse(String text, String passphrase) {
    boolean encrypted = text.contains("ENCRYPTED PRIVATE KEY");
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(SnowflakeSinkConfig.PRIVATE_KEY, HIDDEN,
          "not a PEM private key: expected base64 between -----BEGIN PRIVATE KEY----- and -----END PRIVATE KEY-----");
    }
    if (der.length == 0) {
      throw new ConfigException(SnowflakeSinkConfig.PRIVATE_KEY, HIDDEN, "the private key is empty");
    }
    if (encrypted || (passphrase != null && !passphrase.isEmpty())) {
      der = decrypt(der, passphrase, encrypted);
    }
    try {
      return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new ConfigException(SnowflakeSinkConfig.PRIVATE_KEY, HIDDEN,
          "not an RSA private key in PKCS#8 (convert a PKCS#1 key with: openssl pkcs8 -topk8 -in key.pem)");
    }
  }

  private static byte[] decrypt(byte[] der, String passphrase, boolean saidEncrypted) {
    EncryptedPrivateKeyInfo info;
    try {
      info = new EncryptedPrivateKeyInfo(der);
    } catch (java.io.IOException e) {
      if (!saidEncrypted) {
        throw new ConfigException(SnowflakeSinkConfig.PRIVATE_KEY_PASSPHRASE, HIDDEN,
            "a passphrase is set but the private key is not encrypted; leave the passphrase empty");
      }
      throw new ConfigException(SnowflakeSinkConfig.PRIVATE_KEY, HIDDEN, "not an encrypted PKCS#8 private key");
    }
    if (passphrase == null || passphrase.isEmpty()) {
      throw new ConfigException(SnowflakeSinkConfig.PRIVATE_KEY_PASSPHRASE, HIDDEN,
          "the private key is encrypted; set its passphrase");
    }
    try {
      String algorithm = info.getAlgParameters() == null ? info.getAlgName() : info.getAlgParameters().toString();
      SecretKeyFactory factory = SecretKeyFactory.getInstance(algorithm);
      Cipher cipher = Cipher.getInstance(algorithm);
      cipher.init(Cipher.DECRYPT_MODE, factory.generateSecret(new PBEKeySpec(passphrase.toCharArray())),
          info.getAlgParameters());
      return info.getKeySpec(cipher).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new ConfigException(SnowflakeSinkConfig.PRIVATE_KEY_PASSPHRASE, HIDDEN,
          "the passphrase does not decrypt the private key (or its cipher is not supported: use PBES2 with"
              + " AES, e.g. openssl pkcs8 -topk8 -v2 aes-256-cbc)");
    }
  }

  /** {@code key} as unencrypted PKCS#8 PEM. */
  static String pem(PrivateKey key) {
    return "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(key.getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
  }
}
