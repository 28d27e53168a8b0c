{{/* Names, labels and the hardening every Pod and container of the chart shares. */}}
{{- define "deckhand-sample.fullname" -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 52 | trimSuffix "-" -}}
{{- end -}}

{{- define "deckhand-sample.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{- define "deckhand-sample.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* The labels of the migration Job, which the init containers' --selector names. */}}
{{- define "deckhand-sample.migrateSelector" -}}
app.kubernetes.io/instance={{ .Release.Name }},app.kubernetes.io/component=migrate
{{- end -}}

{{- define "deckhand-sample.migratorSecret" -}}
{{- if .Values.database.existingMigratorSecret -}}{{ .Values.database.existingMigratorSecret }}{{- else -}}{{ include "deckhand-sample.fullname" . }}-db-migrator{{- end -}}
{{- end -}}

{{- define "deckhand-sample.appSecret" -}}
{{- if .Values.database.existingAppSecret -}}{{ .Values.database.existingAppSecret }}{{- else -}}{{ include "deckhand-sample.fullname" . }}-db-app{{- end -}}
{{- end -}}

{{- define "deckhand-sample.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .Values.runAsUser }}
runAsGroup: {{ .Values.runAsUser }}
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "deckhand-sample.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop: ["ALL"]
{{- end -}}
