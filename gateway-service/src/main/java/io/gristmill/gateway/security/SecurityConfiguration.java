package io.gristmill.gateway.security;

import io.gristmill.gateway.system.GatewayProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** Puts the bearer-token check in front of {@code /api/*}; actuator and the home page stay open. */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

  private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

  @Bean
  FilterRegistrationBean<BearerTokenFilter> bearerTokenFilter(GatewayProperties properties, JsonMapper json) {
    AdminToken token = AdminToken.fromSha256Hex(properties.security().adminTokenSha256());
    if (!token.isConfigured()) {
      log.warn("gristmill.gateway.security.admin-token-sha256 is not set: every /api request will be refused");
    }
    FilterRegistrationBean<BearerTokenFilter> registration =
        new FilterRegistrationBean<>(new BearerTokenFilter(token, json));
    registration.addUrlPatterns("/api/*");
    return registration;
  }
}
