git config gc.auto 0
mkdir -p data/many
for i in $(seq 1 20000); do echo "$i" > "data/many/f$i.txt"; done
