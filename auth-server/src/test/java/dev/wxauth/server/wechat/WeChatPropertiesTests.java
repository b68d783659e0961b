package dev.wxauth.server.wechat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Binding {@code wxauth.wechat.*} as Spring Boot binds it at start-up.
 */
class WeChatPropertiesTests {

	static WeChatProperties bind(Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("wxauth.wechat",
				WeChatProperties.class);
	}

	@Test
	void profileMaxAgeWhenUnsetThenOneDay() {
		assertThat(bind(Map.of()).profileMaxAge()).isEqualTo(Duration.ofDays(1));
	}

	@Test
	void profileMaxAgeWhenZeroThenEveryLogin() {
		assertThat(bind(Map.of("wxauth.wechat.profile-max-age", "0s")).profileMaxAge()).isZero();
	}

	@Test
	void profileMaxAgeWhenEmptyThenOneDay() {
		// WXAUTH_WECHAT_PROFILE_MAX_AGE set but empty
		assertThat(bind(Map.of("wxauth.wechat.profile-max-age", "")).profileMaxAge())
			.isEqualTo(Duration.ofDays(1));
	}

	@Test
	void profileMaxAgeWhenNegativeThenStartUpFailsNamingTheProperty() {
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(Map.of("wxauth.wechat.profile-max-age", "-1s")))
			.withRootCauseInstanceOf(IllegalArgumentException.class)
			.havingRootCause()
			.withMessageContaining("wxauth.wechat.profile-max-age");
	}

}
