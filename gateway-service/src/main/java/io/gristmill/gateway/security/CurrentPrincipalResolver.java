package io.gristmill.gateway.security;

import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Lets a controller method declare a {@link CurrentPrincipal} parameter and get the authenticated caller. */
@Configuration(proxyBeanMethods = false)
class CurrentPrincipalResolver implements HandlerMethodArgumentResolver, WebMvcConfigurer {

  @Override
  public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
    resolvers.add(this);
  }

  @Override
  public boolean supportsParameter(MethodParameter parameter) {
    return parameter.getParameterType() == CurrentPrincipal.class;
  }

  /** The path rules admit no unauthenticated request to an endpoint that asks for a principal. */
  @Override
  public CurrentPrincipal resolveArgument(MethodParameter parameter, ModelAndViewContainer mav,
      NativeWebRequest request, WebDataBinderFactory binders) {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    if (authentication instanceof PrincipalAuthentication p) {
      return p.getPrincipal();
    }
    throw new IllegalStateException("no authenticated principal for " + parameter.getMethod());
  }
}
