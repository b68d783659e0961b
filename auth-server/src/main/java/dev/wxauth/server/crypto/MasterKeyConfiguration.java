package dev.wxauth.server.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

import dev.wxauth.server.WxauthApplication;
import dev.wxauth.server.properties.WxauthProperties;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Where the master key comes from: {@code wxauth.master-key} ({@code WXAUTH_MASTER_KEY}); in dev mode, when that
 * is empty, a key generated once into {@code wxauth.dev.directory}; otherwise the server refuses to start.
 */
@Configuration(proxyBeanMethods = false)
class MasterKeyConfiguration {

	private static final Log logger = LogFactory.getLog(MasterKeyConfiguration.class);

	@Bean
	MasterKey masterKey(WxauthProperties properties, Environment environment) {
		if (StringUtils.hasText(properties.masterKey())) {
			return MasterKey.fromBase64(properties.masterKey());
		}
		if (environment.matchesProfiles(WxauthApplication.DEV_PROFILE)) {
			return MasterKey.fromBase64(readOrCreateDevKey(properties.dev().directory().resolve("master-key")));
		}
		throw new MasterKeyMissingException();
	}

	@Bean
	AtRestEncryptor atRestEncryptor(MasterKey masterKey) {
		return new AtRestEncryptor(masterKey);
	}

	private static String readOrCreateDevKey(Path file) {
		try {
			if (Files.exists(file)) {
				return Files.readString(file);
			}
			byte[] bytes = new byte[MasterKey.LENGTH_BYTES];
			new SecureRandom().nextBytes(bytes);
			Files.createDirectories(file.toAbsolutePath().getParent());
			Files.writeString(file, Base64.getEncoder().encodeToString(bytes));
			try {
				Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
			}
			catch (UnsupportedOperationException ex) {
				// not a POSIX file system: the file keeps the default permissions
			}
			logger.warn("Dev mode: generated a master key into " + file.toAbsolutePath() + " (never use it in production)");
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read or create the dev master key " + file.toAbsolutePath(), ex);
		}
	}

}
