#!/usr/bin/env python3
"""Lists import circles between the files of each crate given (crates/*).

An edge runs from a file to every module of the same crate it names through
`crate::` or `super::` paths, and from a module file to the child modules it
declares and uses. Test modules and comments do not count. Exits 1 when a
crate has a circle, printing its edges.
"""
import os,re,sys,glob
def mods(crate):
    src=f'{crate}/src'
    files={}
    for p in glob.glob(src+'/**/*.rs',recursive=True):
        rel=os.path.relpath(p,src)[:-3]
        parts=rel.split('/')
        if parts[-1]=='mod': parts=parts[:-1]
        if parts==['lib'] or parts==['main']: parts=[]
        files['::'.join(parts)]=p
    return files
def uses(text):
    out=set()
    def parse_tree(i, prefix):
        # parse path starting at text[i]: ident(::ident)* (::{...})?
        path=list(prefix)
        while True:
            m=re.match(r'\s*(\w+)',text[i:])
            if not m: break
            path.append(m.group(1)); i+=m.end()
            if text.startswith('::',i):
                i+=2
                if text[i]=='{':
                    i+=1
                    while True:
                        while text[i] in ' \n\t,': i+=1
                        if text[i]=='}': return i+1
                        i=parse_tree(i,path)
                        # skip 'as x'
                        m2=re.match(r'\s+as\s+\w+',text[i:])
                        if m2: i+=m2.end()
                continue
            break
        out.add('::'.join(path))
        return i
    for m in re.finditer(r'\bcrate::',text):
        parse_tree(m.end(),[])
    return out
found = False
for crate in sys.argv[1:]:
    files=mods(crate); names=set(files)
    g={n:set() for n in names}
    for n,p in files.items():
        t=open(p).read()
        t=re.sub(r'#\[cfg\(test\)\][\s\S]*','',t)
        t=re.sub(r'//[^\n]*','',t)
        parent='::'.join(n.split('::')[:-1])
        t=re.sub(r'\bsuper::', ('crate::'+parent+'::') if parent else 'crate::', t)
        for child in re.findall(r'^\s*(?:pub(?:\(crate\))?\s+)?mod\s+(\w+)\s*;', t, re.M):
            full=(n+'::' if n else '')+child
            if re.search(r'\b'+child+r'::', t) and full in names:
                g[n].add(full)
        for u in uses(t):
            parts=u.split('::')
            for k in range(len(parts),0,-1):
                c='::'.join(parts[:k])
                if c in names:
                    if c!=n and c!='' and (True): g[n].add(c)
                    break
    # tarjan
    idx={};low={};st=[];on=set();res=[];c=[0]
    sys.setrecursionlimit(10000)
    def sc(v):
        idx[v]=low[v]=c[0];c[0]+=1;st.append(v);on.add(v)
        for w in g[v]:
            if w not in idx: sc(w);low[v]=min(low[v],low[w])
            elif w in on: low[v]=min(low[v],idx[w])
        if low[v]==idx[v]:
            comp=[]
            while True:
                w=st.pop();on.discard(w);comp.append(w)
                if w==v:break
            if len(comp)>1: res.append(comp)
    for v in g:
        if v not in idx: sc(v)
    print(crate, 'circles: ' + str(res) if res else 'no circles')
    found = found or bool(res)
    if res:
        for comp in res:
            for v in comp:
                print('  ',v,'->',sorted(w for w in g[v] if w in comp))
sys.exit(1 if found else 0)
