rm site.yaml
