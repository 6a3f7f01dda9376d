package io.gristmill.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/** The filter alone, for the configuration the shared gateway context cannot have: no token at all. */
class BearerTokenFilterTest {

  @Test
  void refusesEveryRequestWhenNoTokenIsConfigured() throws Exception {
    BearerTokenFilter filter = new BearerTokenFilter(AdminToken.fromSha256Hex(null), JsonMapper.builder().build());
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/jobs");
    request.addHeader("Authorization", "Bearer ");
    MockHttpServletResponse response = new MockHttpServletResponse();
    MockFilterChain chain = new MockFilterChain();

    filter.doFilter(request, response, chain);

    assertThat(response.getStatus()).isEqualTo(401);
    assertThat(chain.getRequest()).isNull();
  }

  @Test
  void makesAdminThePrincipalOfAnAcceptedRequest() throws Exception {
    BearerTokenFilter filter =
        new BearerTokenFilter(AdminToken.fromSha256Hex(AdminTokenTest.HASH), JsonMapper.builder().build());
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/jobs");
    request.addHeader("Authorization", "bearer test-admin-token");
    MockFilterChain chain = new MockFilterChain();

    filter.doFilter(request, new MockHttpServletResponse(), chain);

    assertThat(((jakarta.servlet.http.HttpServletRequest) chain.getRequest()).getUserPrincipal().getName())
        .isEqualTo("admin");
  }
}
