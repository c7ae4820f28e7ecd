typedef int baocao_placeholder;
