package dev.wxauth.server.wechat.events;

import java.time.Clock;
import java.time.Duration;

import dev.wxauth.server.user.PersonalData;
import dev.wxauth.server.user.UserRepository;
import dev.wxauth.server.wechat.WeChatApps;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.transaction.support.TransactionOperations;

/**
 * WeChat's pushes about our people (authorization withdrawn, account cancelled, profile cleaned up): the receiver,
 * its security, and what each event does.
 */
@Configuration(proxyBeanMethods = false)
class WeChatEventsConfiguration {

	/**
	 * How far a push's signed timestamp may be from our clock: WeChat sends at once and tries again within seconds,
	 * so a push older than this is someone else's replay (or a clock badly off).
	 */
	static final Duration WINDOW = Duration.ofMinutes(5);

	@Bean
	WeChatEventsSecurity weChatEventsSecurity() {
		return new WeChatEventsSecurity();
	}

	@Bean
	PushReceipts pushReceipts(JdbcOperations jdbc) {
		return new PushReceipts(jdbc, WINDOW, Clock.systemUTC());
	}

	@Bean
	WeChatPushes weChatPushes(WeChatApps apps, PushReceipts receipts, PersonalData personalData, UserRepository users,
			JdbcOperations jdbc, TransactionOperations transactions, MeterRegistry registry) {
		return new WeChatPushes(apps, receipts, new PersonEvents(personalData, users, new BoundClients(jdbc)),
				transactions, new WeChatEventMetrics(registry), WINDOW, Clock.systemUTC());
	}

}
