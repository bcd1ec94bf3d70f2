mkdir -p data && ln -s /etc/passwd data/ward.yaml && ln -s ../../../../../../etc data/etc
