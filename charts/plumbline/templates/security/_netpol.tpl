{{/* Peer: pods of a component in a namespace. Call with (dict "ctx" $ "ns" "x" "component" "booking-api"). */}}
{{- define "plumbline.peer" -}}
- namespaceSelector:
    matchLabels:
      kubernetes.io/metadata.name: {{ .ns }}
  podSelector:
    matchLabels:
      {{- include "plumbline.selectorLabels" . | nindent 6 }}
{{- end }}
{{/* Peer: every pod of a platform namespace with a given app.kubernetes.io/name (Prometheus, Alertmanager). */}}
{{- define "plumbline.platformPeer" -}}
- namespaceSelector:
    matchLabels:
      kubernetes.io/metadata.name: {{ .ns }}
  {{- with .name }}
  podSelector:
    matchLabels:
      app.kubernetes.io/name: {{ . }}
  {{- end }}
{{- end }}
{{/* Peer: ONE MySQL server pod (by the pod-name label the StatefulSet controller sets). dict ctx ns ordinal */}}
{{- define "plumbline.mysqlPodPeer" -}}
- namespaceSelector:
    matchLabels:
      kubernetes.io/metadata.name: {{ .ns }}
  podSelector:
    matchLabels:
      {{- include "plumbline.selectorLabels" (dict "ctx" .ctx "component" "mysql") | nindent 6 }}
      statefulset.kubernetes.io/pod-name: {{ printf "%s-%v" (include "plumbline.mysql.name" .ctx) .ordinal }}
{{- end }}
{{/* Peer: the grafana/loki chart's gateway pods (nginx, container port 8080). dict ns */}}
{{- define "plumbline.lokiGatewayPeer" -}}
- namespaceSelector:
    matchLabels:
      kubernetes.io/metadata.name: {{ .ns }}
  podSelector:
    matchLabels:
      app.kubernetes.io/name: loki
      app.kubernetes.io/component: gateway
{{- end }}
