{{/* Chart name, overridable. */}}
{{- define "gristmill.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* "<release>-<chart>", or the release name alone when it already contains the chart name. */}}
{{- define "gristmill.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Name of one component's resources: gristmill.componentName (dict "root" $ "component" "worker"). */}}
{{- define "gristmill.componentName" -}}
{{- printf "%s-%s" (include "gristmill.fullname" .root) .component | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "gristmill.selectorLabels" -}}
app.kubernetes.io/name: {{ include "gristmill.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "gristmill.labels" -}}
{{ include "gristmill.selectorLabels" . }}
app.kubernetes.io/part-of: gristmill
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" }}
{{- end }}

{{- define "gristmill.image" -}}
{{- printf "%s%s:%s" .root.Values.image.repositoryPrefix .module (default .root.Chart.AppVersion .root.Values.image.tag) }}
{{- end }}

{{/* Stable gRPC address of every storage node: <pod>.<headless service>.<namespace>.svc.<domain>:<port>, comma-separated. */}}
{{- define "gristmill.storageAddresses" -}}
{{- $name := include "gristmill.componentName" (dict "root" . "component" "storage") }}
{{- $addresses := list }}
{{- range $i := until (int .Values.storage.replicas) }}
{{- $addresses = append $addresses (printf "%s-%d.%s-headless.%s.svc.%s:%d" $name $i $name $.Release.Namespace $.Values.clusterDomain (int $.Values.grpcPort)) }}
{{- end }}
{{- join "," $addresses }}
{{- end }}

{{- define "gristmill.jobServiceAddress" -}}
{{- printf "%s.%s.svc.%s:%d" (include "gristmill.componentName" (dict "root" . "component" "job-service")) .Release.Namespace .Values.clusterDomain (int .Values.grpcPort) }}
{{- end }}

{{/* Where the services find PostgreSQL and its login: the bundled instance or the external one. */}}
{{- define "gristmill.db.host" -}}
{{- if .Values.postgresql.bundled.enabled }}
{{- printf "%s.%s.svc.%s" (include "gristmill.componentName" (dict "root" . "component" "postgresql")) .Release.Namespace .Values.clusterDomain }}
{{- else }}
{{- .Values.postgresql.external.host }}
{{- end }}
{{- end }}

{{- define "gristmill.db.port" -}}
{{- if .Values.postgresql.bundled.enabled }}5432{{ else }}{{ .Values.postgresql.external.port }}{{ end }}
{{- end }}

{{- define "gristmill.db.database" -}}
{{- if .Values.postgresql.bundled.enabled }}{{ .Values.postgresql.bundled.database }}{{ else }}{{ .Values.postgresql.external.database }}{{ end }}
{{- end }}

{{- define "gristmill.db.sslMode" -}}
{{- if .Values.postgresql.bundled.enabled }}disable{{ else }}{{ .Values.postgresql.external.sslMode }}{{ end }}
{{- end }}

{{- define "gristmill.db.secretName" -}}
{{- if .Values.postgresql.bundled.enabled }}
{{- include "gristmill.componentName" (dict "root" . "component" "postgresql") }}
{{- else }}
{{- required "postgresql.external.existingSecret must name the Secret with the database login" .Values.postgresql.external.existingSecret }}
{{- end }}
{{- end }}

{{- define "gristmill.db.usernameKey" -}}
{{- if .Values.postgresql.bundled.enabled }}username{{ else }}{{ .Values.postgresql.external.usernameKey }}{{ end }}
{{- end }}

{{- define "gristmill.db.passwordKey" -}}
{{- if .Values.postgresql.bundled.enabled }}password{{ else }}{{ .Values.postgresql.external.passwordKey }}{{ end }}
{{- end }}

{{/* Datasource environment of the services that own a schema (job service, storage). */}}
{{- define "gristmill.db.env" -}}
- name: SPRING_DATASOURCE_URL
  value: {{ printf "jdbc:postgresql://%s:%s/%s?sslmode=%s" (include "gristmill.db.host" .) (include "gristmill.db.port" .) (include "gristmill.db.database" .) (include "gristmill.db.sslMode" .) | quote }}
- name: SPRING_DATASOURCE_USERNAME
  valueFrom:
    secretKeyRef:
      name: {{ include "gristmill.db.secretName" . }}
      key: {{ include "gristmill.db.usernameKey" . }}
- name: SPRING_DATASOURCE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "gristmill.db.secretName" . }}
      key: {{ include "gristmill.db.passwordKey" . }}
{{- end }}

{{- define "gristmill.adminToken.secretName" -}}
{{- default (include "gristmill.componentName" (dict "root" . "component" "admin-token")) .Values.adminToken.existingSecret }}
{{- end }}

{{- define "gristmill.internalAuth.secretName" -}}
{{- default (include "gristmill.componentName" (dict "root" . "component" "internal-auth")) .Values.internalAuth.existingSecret }}
{{- end }}

{{/* Environment every service gets: its ports, extra JVM options and, once enabled, the internal credential. */}}
{{- define "gristmill.commonEnv" -}}
- name: SERVER_PORT
  value: {{ .Values.httpPort | quote }}
- name: SPRING_GRPC_SERVER_PORT
  value: {{ .Values.grpcPort | quote }}
{{- with .Values.javaToolOptions }}
- name: JDK_JAVA_OPTIONS
  value: {{ . | quote }}
{{- end }}
{{- if .Values.internalAuth.enabled }}
- name: GRISTMILL_INTERNAL_AUTH_TOKEN
  valueFrom:
    secretKeyRef:
      name: {{ include "gristmill.internalAuth.secretName" . }}
      key: token
{{- end }}
{{- end }}

{{/* An environment variable only when its value is set, so that the service's own default applies otherwise. */}}
{{- define "gristmill.optionalEnv" -}}
{{- if not (eq (toString .value) "") }}
- name: {{ .name }}
  value: {{ .value | toString | quote }}
{{- end }}
{{- end }}

{{- define "gristmill.probes" -}}
startupProbe:
  httpGet:
    path: /actuator/health/liveness
    port: http
  periodSeconds: 5
  timeoutSeconds: {{ .Values.probes.timeoutSeconds }}
  failureThreshold: {{ .Values.probes.startupFailureThreshold }}
readinessProbe:
  httpGet:
    path: /actuator/health/readiness
    port: http
  periodSeconds: {{ .Values.probes.periodSeconds }}
  timeoutSeconds: {{ .Values.probes.timeoutSeconds }}
  failureThreshold: {{ .Values.probes.failureThreshold }}
livenessProbe:
  httpGet:
    path: /actuator/health/liveness
    port: http
  periodSeconds: {{ .Values.probes.periodSeconds }}
  timeoutSeconds: {{ .Values.probes.timeoutSeconds }}
  failureThreshold: {{ .Values.probes.failureThreshold }}
{{- end }}

{{/* Pod spec fields shared by the four services. */}}
{{- define "gristmill.podCommon" -}}
serviceAccountName: {{ include "gristmill.componentName" (dict "root" .root "component" .component) }}
automountServiceAccountToken: false
enableServiceLinks: false
securityContext:
  {{- toYaml .root.Values.podSecurityContext | nindent 2 }}
{{- with .root.Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{- define "gristmill.containerPorts" -}}
ports:
  - name: http
    containerPort: {{ .Values.httpPort }}
    protocol: TCP
  - name: grpc
    containerPort: {{ .Values.grpcPort }}
    protocol: TCP
{{- end }}

{{- define "gristmill.tmpVolume" -}}
- name: tmp
  emptyDir:
    sizeLimit: {{ .Values.tmpSizeLimit }}
{{- end }}

{{/* NetworkPolicy peer that selects one component's pods in this release. */}}
{{- define "gristmill.peer" -}}
- podSelector:
    matchLabels:
      {{- include "gristmill.selectorLabels" . | nindent 6 }}
{{- end }}

{{/* Egress every component needs: cluster DNS. */}}
{{- define "gristmill.dnsEgress" -}}
- to:
    - namespaceSelector: {}
      podSelector:
        matchLabels:
          k8s-app: kube-dns
  ports:
    - port: 53
      protocol: UDP
    - port: 53
      protocol: TCP
{{- end }}

{{/* Egress to PostgreSQL, for the components that own a schema. */}}
{{- define "gristmill.dbEgress" -}}
- to:
{{- if .Values.postgresql.bundled.enabled }}
    {{- include "gristmill.peer" (dict "root" . "component" "postgresql") | nindent 4 }}
  ports:
    - port: 5432
      protocol: TCP
{{- else }}
    - ipBlock:
        cidr: {{ .Values.postgresql.external.egressCidr }}
  ports:
    - port: {{ .Values.postgresql.external.port }}
      protocol: TCP
{{- end }}
{{- end }}
