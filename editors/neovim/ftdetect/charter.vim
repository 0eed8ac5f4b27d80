" Charter specs: *.charter files.
autocmd BufRead,BufNewFile *.charter setfiletype charter
